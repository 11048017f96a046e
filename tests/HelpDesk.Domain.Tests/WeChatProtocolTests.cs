using HelpDesk.Domain.Channels;

namespace HelpDesk.Domain.Tests;

/// <summary>WeChat's signatures, safe-mode encryption and XML, against vectors made outside .NET (Python and OpenSSL).</summary>
public sealed class WeChatProtocolTests
{
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx1234567890abcdef";
    private const string Xml = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser1]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content><MsgId>1234567890123456</MsgId></xml>";

    // openssl enc -aes-256-cbc -K key -iv key[:16] -nopad over "0123456789abcdef" ‖ len ‖ xml ‖ appid, padded to 32.
    private const string Vector = "Q3stYC6hdFzMh9T8HCvyDCeJX8zYLTKMqi4SjlPVHZEeyv3Kjdt0OwmijtEXasIEIbUmbLWAQ6AtkL+efhLcb2xoher0QQI2MJDCBr8dRU3MnRlUpJNzo/3pgBjZ7jNg7ZRW5D9goiolHROUPuYpVne7h4z7UwPl0QlrY/5ZnxNGRaFypmFJoUdfKJp4cY7iH2XccdmI64sRt+2Kv0aMZegu4ffu8GCaJeTkVu3niK6MYC049srWKJd02iesX4LN3clN4BPz1mCR3M3c0/59jCKz9j0vdIk1i/9uVAR9iOmZ0kSvhzORhoey7e7qgynJwwY3z7xRo/LDvriPn7Wvj0svaxY6uZI7cYOmer5THOMq+W0KWe7oBmd04U3eILEX";

    [Fact]
    public void The_signature_is_sha1_of_the_sorted_parts_whatever_their_order()
    {
        Assert.Equal("73a2815bf3ced534feb1e80bb9776ac7e9933a3e", WeChatProtocol.Signature("token123", "1700000000", "nonce42"));
        Assert.Equal(WeChatProtocol.Signature("token123", "1700000000", "nonce42"), WeChatProtocol.Signature("nonce42", "token123", "1700000000"));
        Assert.True(WeChatProtocol.Verify("73A2815BF3CED534FEB1E80BB9776AC7E9933A3E", "token123", "1700000000", "nonce42"));
        Assert.False(WeChatProtocol.Verify("73a2815bf3ced534feb1e80bb9776ac7e9933a3f", "token123", "1700000000", "nonce42"));
        Assert.False(WeChatProtocol.Verify(null, "token123", "1700000000", "nonce42"));
    }

    [Fact]
    public void Safe_mode_decrypts_the_reference_vector_and_encrypts_to_it_with_the_same_random()
    {
        Assert.Equal(Xml, WeChatProtocol.Decrypt(AesKey, AppId, Vector));
        Assert.Equal(Vector, WeChatProtocol.Encrypt(AesKey, AppId, Xml, "0123456789abcdef"u8.ToArray()));
        var fresh = WeChatProtocol.Encrypt(AesKey, AppId, "<xml><Content>长消息</Content></xml>");
        Assert.Equal(0, Convert.FromBase64String(fresh).Length % 32);
        Assert.Equal("<xml><Content>长消息</Content></xml>", WeChatProtocol.Decrypt(AesKey, AppId, fresh));
    }

    [Fact]
    public void Another_app_id_a_wrong_key_or_damaged_text_decrypts_to_nothing()
    {
        Assert.Null(WeChatProtocol.Decrypt(AesKey, "wx-someone-else", Vector));
        Assert.Null(WeChatProtocol.Decrypt("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", AppId, Vector));
        Assert.Null(WeChatProtocol.Decrypt(AesKey, AppId, "not base64 at all!"));
        Assert.Null(WeChatProtocol.Decrypt(AesKey, AppId, Vector[..^8] + "AAAAAAA="));
        Assert.Null(WeChatProtocol.Key("too-short"));
        Assert.NotNull(WeChatProtocol.Key(AesKey));
    }

    [Fact]
    public void Message_xml_is_read_flat_with_cdata_and_dtds_are_refused()
    {
        var fields = WeChatProtocol.Fields(Xml)!;
        Assert.Equal(("oUser1", "text", "你好", "1234567890123456"), (fields["FromUserName"], fields["MsgType"], fields["Content"], fields["MsgId"]));
        Assert.Null(WeChatProtocol.Fields("<xml><Content>unclosed</xml>"));
        Assert.Null(WeChatProtocol.Fields("<other><a>1</a></other>"));
        Assert.Null(WeChatProtocol.Fields("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>"));
        Assert.Equal("a]]>b", WeChatProtocol.Fields(WeChatProtocol.Xml([new("Content", "a]]>b")]))!["Content"]);
    }
}
