namespace LambdaStreamGen.Local;

/// <summary>This machine's clock moved by a fixed offset: the emulator's clock when it plays a server whose time differs.</summary>
internal sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
