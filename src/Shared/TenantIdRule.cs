namespace LambdaStreamGen.Rules;

/// <summary>
/// Lambda's rule for <c>X-Amz-Tenant-Id</c> (docs/protocol.md §1): 1 to 256 characters of letters, digits, spaces and
/// <c>. _ : / = + - @</c>. Compiled into the runtime, which checks before sending, and the emulator, which checks what
/// it receives.
/// </summary>
internal static class TenantIdRule
{
    /// <summary>Whether <paramref name="value"/> is a tenant id Lambda accepts.</summary>
    public static bool IsValid(string value)
    {
        if (value.Length is 0 or > 256)
        {
            return false;
        }

        foreach (char c in value)
        {
            bool allowed = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                or '.' or '_' or ':' or '/' or '=' or '+' or '-' or '@' or ' ';
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }
}
