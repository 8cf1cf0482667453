namespace LambdaStreamGen.Fuzzing;

/// <summary>An oracle failed: the parser did not throw, but its result is wrong. Always a finding.</summary>
public sealed class FuzzFindingException(string message) : Exception(message);
