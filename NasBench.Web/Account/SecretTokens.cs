using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace NasBench.Web.Account;

/// <summary>
/// The lab's secrets handed out once (personal access tokens, share links): random bytes written as base64url
/// (RFC 4648 §5, no padding: safe in a URL path and a header), stored only as their SHA-256.
/// </summary>
public static class SecretTokens
{
    /// <summary>A new token of <paramref name="bytes"/> random bytes after <paramref name="prefix"/>, and the hash to store.</summary>
    public static (string Token, string Hash) New(int bytes, string prefix = "")
    {
        string token = prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
        return (token, HashOf(token));
    }

    /// <summary>The stored form of a token: SHA-256 of its UTF-8 bytes, lowercase hex (a null token hashes as empty).</summary>
    public static string HashOf(string? token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));
}
