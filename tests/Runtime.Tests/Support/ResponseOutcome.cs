using System.Text;

namespace LambdaStreamGen.Tests.Support;

/// <summary>Everything a response handed out, as UTF-8 text, and the library failure that ended it, if any.</summary>
internal sealed record ResponseOutcome(string Payload, LambdaStreamingException? Failure)
{
    public static async Task<ResponseOutcome> ReadAsync(LambdaResponseStream response)
    {
        var payload = new MemoryStream();
        try
        {
            await foreach (ReadOnlyMemory<byte> chunk in response.ReadChunksAsync())
            {
                payload.Write(chunk.Span);
            }

            return new ResponseOutcome(Encoding.UTF8.GetString(payload.ToArray()), null);
        }
        catch (LambdaStreamingException exception)
        {
            return new ResponseOutcome(Encoding.UTF8.GetString(payload.ToArray()), exception);
        }
    }
}
