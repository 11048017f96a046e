using System.Security.Cryptography;
using System.Text;
using HelpDesk.Domain.Channels;
using HelpDesk.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HelpDesk.Web.Features.Channels;

/// <summary>A named secret of the channels kept in the database (<c>channel_keys</c>): the threading key when none is configured.</summary>
public class ChannelKey
{
    private ChannelKey()
    {
        Name = Value = string.Empty;
    }

    public string Name { get; private set; }

    public string Value { get; private set; }
}

/// <summary>
/// The <see cref="ThreadSigner"/> of this installation: <c>HelpDesk:Channels:SigningKey</c>, or else a random key
/// created once in the database (so every instance signs alike and a restart never breaks threading). Cached.
/// </summary>
public sealed class ThreadKeys(IOptions<ChannelOptions> options)
{
    private ThreadSigner? _signer;

    public async Task<ThreadSigner> SignerAsync(HelpDeskDbContext db, CancellationToken cancellationToken)
    {
        if (_signer is not null)
        {
            return _signer;
        }

        var configured = options.Value.SigningKey;
        if (configured.Length > 0)
        {
            return _signer = new ThreadSigner(Encoding.UTF8.GetBytes(configured.PadRight(16, '#')));
        }

        var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await db.Database.ExecuteSqlAsync($"INSERT INTO channel_keys (name, value) VALUES ('threading', {fresh}) ON CONFLICT (name) DO NOTHING", cancellationToken);
        var key = await db.Set<ChannelKey>().AsNoTracking().Where(k => k.Name == "threading").Select(k => k.Value).SingleAsync(cancellationToken);
        return _signer = new ThreadSigner(Convert.FromHexString(key));
    }
}
