using System.Text;

namespace LambdaStreamGen.Local;

/// <summary>
/// A function's log. Only the tail is kept: Lambda returns at most the last 4 KB (docs/protocol.md §1, <c>X-Amz-Log-Type</c>),
/// and a chatty function must not grow the emulator's memory.
/// </summary>
internal sealed class InvocationLog : TextWriter
{
    private const int TailBytes = 4 * 1024;

    // Characters kept before trimming; a UTF-8 character is at most 4 bytes, so this always covers 4 KB.
    private const int KeepChars = 2 * TailBytes;

    private readonly StringBuilder _text = new();
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
            Trim();
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
            Trim();
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            _text.Append(buffer, index, count);
            Trim();
        }
    }

    /// <summary>The last 4 KB of the log, base64-encoded, as <c>InvokeComplete.LogResult</c> carries it.</summary>
    /// <returns>The base64 text.</returns>
    public string GetTailBase64()
    {
        byte[] utf8;
        lock (_gate)
        {
            utf8 = Encoding.UTF8.GetBytes(_text.ToString());
        }

        int start = Math.Max(0, utf8.Length - TailBytes);

        // Start on a character boundary: skip UTF-8 continuation bytes.
        while (start < utf8.Length && (utf8[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return Convert.ToBase64String(utf8, start, utf8.Length - start);
    }

    private void Trim()
    {
        if (_text.Length > 2 * KeepChars)
        {
            _text.Remove(0, _text.Length - KeepChars);
            if (char.IsLowSurrogate(_text[0]))
            {
                _text.Remove(0, 1);
            }
        }
    }
}
