using HelpDesk.Domain.Common;

namespace HelpDesk.Domain.Customers;

public enum CustomerTier
{
    Regular,
    Plus,
    Vip,
}

public enum ContactKind
{
    Email,
    Phone,
    Chat,
    Social,
}

/// <summary>A shop customer. One customer, one timeline, whatever channel they write from (R2).</summary>
public class Customer
{
    private readonly List<CustomerContact> _contacts = [];

    private Customer()
    {
        Name = string.Empty;
    }

    public Customer(string name, CustomerTier tier, DateTimeOffset now)
    {
        Name = Guard.NotBlank(name, "customer.name", 100);
        Tier = tier;
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public string Name { get; private set; }

    public CustomerTier Tier { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<CustomerContact> Contacts => _contacts;

    /// <summary>Set while this customer is folded into another (<see cref="CustomerMerge"/>): a shell without tickets, orders or contacts.</summary>
    public long? MergedIntoId { get; private set; }

    public string? Email => _contacts.FirstOrDefault(c => c.Kind == ContactKind.Email)?.Value;

    public string? Phone => _contacts.FirstOrDefault(c => c.Kind == ContactKind.Phone)?.Value;

    /// <summary>Adds a way to reach the customer; an e-mail address must be deliverable (<see cref="EmailAddress"/>).</summary>
    public CustomerContact AddContact(ContactKind kind, string value)
    {
        var normalized = CustomerContact.Normalize(kind, Guard.NotBlank(value, "customer.contact", 200));
        if (kind == ContactKind.Email && !EmailAddress.IsValid(normalized))
        {
            throw new DomainException("customer.contact.email_invalid");
        }

        var existing = _contacts.FirstOrDefault(c => c.Kind == kind && c.Value == normalized);
        if (existing is not null)
        {
            return existing;
        }

        var contact = new CustomerContact(kind, normalized);
        _contacts.Add(contact);
        return contact;
    }

    public void ChangeTier(CustomerTier tier) => Tier = tier;

    internal void FoldInto(long? target) => MergedIntoId = target;
}

/// <summary>
/// Two customers who may be one person (issue 13 item 7): a channel said this customer also goes by a contact that
/// another customer holds, but did not vouch for it (an unverified claim), so nothing was linked. Agents merge or
/// dismiss it; one suggestion per pair (<see cref="CustomerId"/> &lt; <see cref="OtherCustomerId"/>).
/// </summary>
public class CustomerMergeSuggestion
{
    private CustomerMergeSuggestion()
    {
        Reason = string.Empty;
    }

    public CustomerMergeSuggestion(long one, long other, ContactKind kind, string value, DateTimeOffset now)
    {
        if (one == other)
        {
            throw new ArgumentException("A suggestion needs two customers.");
        }

        (CustomerId, OtherCustomerId) = one < other ? (one, other) : (other, one);
        Kind = kind;
        Reason = CustomerContact.Normalize(kind, value);
        CreatedAt = now;
    }

    public long Id { get; private set; }

    public long CustomerId { get; private set; }

    public long OtherCustomerId { get; private set; }

    /// <summary>The contact both seem to share.</summary>
    public ContactKind Kind { get; private set; }

    public string Reason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Merged or dismissed: no longer offered.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    public long Other(long customer) => customer == CustomerId ? OtherCustomerId : CustomerId;

    public void Close(DateTimeOffset now) => ClosedAt ??= now;
}

/// <summary>An address the customer reaches us from; unique per kind across all customers.</summary>
public class CustomerContact
{
    private CustomerContact()
    {
        Value = string.Empty;
    }

    internal CustomerContact(ContactKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public long Id { get; private set; }

    public long CustomerId { get; private set; }

    public ContactKind Kind { get; private set; }

    public string Value { get; private set; }

    /// <summary>
    /// The form contacts are stored and looked up in: e-mail addresses compared case-insensitively, phone numbers
    /// without spaces, dashes or +86. Never refuses (a look-up of junk finds nothing).
    /// </summary>
    public static string Normalize(ContactKind kind, string value)
    {
        var trimmed = value.Trim();
        return kind switch
        {
            ContactKind.Email => trimmed.ToLowerInvariant(),
            ContactKind.Phone => NormalizePhone(trimmed),
            _ => trimmed,
        };
    }

    /// <summary>A mainland China mobile number: 11 digits starting 13–19 (after removing +86, spaces and dashes).</summary>
    public static bool IsMainlandMobile(string? phone) =>
        phone is not null && NormalizePhone(phone) is { Length: 11 } digits && digits[0] == '1' && digits[1] is >= '3' and <= '9'
        && phone.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')');

    private static string NormalizePhone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal) ? digits[2..] : digits;
    }
}
