using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.AfterSales;

/// <summary>The money rules admins set (R5): what an agent may grant alone, when two approvers are needed, and each agent's daily compensation budget.</summary>
public class AfterSalesSettings
{
    public const int SingletonId = 1;

    private AfterSalesSettings()
    {
    }

    public AfterSalesSettings(decimal agentLimit, decimal doubleApprovalThreshold, decimal dailyCompensationBudget) =>
        Change(agentLimit, doubleApprovalThreshold, dailyCompensationBudget);

    public int Id { get; private set; } = SingletonId;

    public decimal AgentLimit { get; private set; }

    public decimal DoubleApprovalThreshold { get; private set; }

    public decimal DailyCompensationBudget { get; private set; }

    public void Change(decimal agentLimit, decimal doubleApprovalThreshold, decimal dailyCompensationBudget)
    {
        if (agentLimit < 0 || dailyCompensationBudget < 0 || doubleApprovalThreshold < agentLimit)
        {
            throw new DomainException("aftersales.settings");
        }

        AgentLimit = agentLimit;
        DoubleApprovalThreshold = doubleApprovalThreshold;
        DailyCompensationBudget = dailyCompensationBudget;
    }
}
