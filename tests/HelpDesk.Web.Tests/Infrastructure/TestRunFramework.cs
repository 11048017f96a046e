using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("HelpDesk.Web.Tests.Infrastructure.TestRunFramework", "HelpDesk.Web.Tests")]

namespace HelpDesk.Web.Tests.Infrastructure;

/// <summary>
/// xunit's own framework plus an end to the run: after the last test class, and before xunit reports the assembly
/// as finished, the run's PostgreSQL (container or local cluster) is stopped and removed. Process exit is too late:
/// once the run is reported finished, the test platform gives the test host about 100 ms before it kills it, and the
/// cluster (1.4 GB in the temp folder) or the container would stay behind.
/// </summary>
public sealed class TestRunFramework : XunitTestFramework
{
    public TestRunFramework(IMessageSink messageSink)
        : base(messageSink)
    {
        TestRun.Diagnostics = messageSink;
    }

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await TestCluster.StopAsync();
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
