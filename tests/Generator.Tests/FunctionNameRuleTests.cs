using LambdaStreamGen.Rules;

namespace LambdaStreamGen.Generator.Tests;

/// <summary>
/// One table of function names and qualifiers, checked against both places the rules are compiled into: the generator
/// (which reports LSG0008/LSG0009) and the runtime (which throws before sending). They must agree on every row, so a
/// name the generator accepts never fails on every call at run time.
/// </summary>
public sealed class FunctionNameRuleTests
{
    public static TheoryData<string, bool> FunctionNames => new()
    {
        { "my-function", true },
        { "my_function.v2", true },
        { "a", true },
        { new string('n', 64), true },
        { new string('n', 65), false },
        { string.Empty, false },
        { "my function", false },
        { "fn:live", true },
        { "fn:7", true },
        { "fn:$LATEST", true },
        { "fn:$LATEST.PUBLISHED", true },
        { "fn:" + new string('q', 128), true },
        { "fn:" + new string('q', 129), false }, // once accepted by the generator and refused on every call
        { "fn:v$1", false },
        { "123456789012:function:fn", true },
        { "123456789012:function:fn:live", true },
        { "12345678901:function:fn", false },
        { "arn:aws:lambda:us-east-1:123456789012:function:fn", true },
        { "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST", true },
        { "arn:aws-cn:lambda:cn-north-1:123456789012:function:fn", true },
        { "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:fn", true },
        { "arn:aws-iso:lambda:us-iso-east-1:123456789012:function:fn", true },
        { "arn:aws-iso-b:lambda:us-isob-east-1:123456789012:function:fn", true },
        { "arn:aws-iso-e:lambda:eu-isoe-west-1:123456789012:function:fn", true },
        { "arn:aws-iso-f:lambda:us-isof-south-1:123456789012:function:fn:live", true },
        // The published pattern's region part starts with two letters, so it admits no aws-eusc region in an ARN
        // (docs/protocol.md §6); the bare name and partial ARN still reach such functions.
        { "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:fn", false },
        { "arn:aws:s3:::bucket", false },
        { "arn:aws:lambda:us-east-1:123456789012:function:" + new string('n', 65), false },
        { "123456789012:function:" + new string('n', 64) + ":" + new string('q', 128) + new string('x', 40), false }, // over 256 characters
        // The patterns are the API reference's, where '$' is the end of the value and \d an ASCII digit: a .NET '$'
        // also matches before a final newline, and a .NET \d any Unicode digit.
        { "fn\n", false },
        { "fn:live\n", false },
        { "arn:aws:lambda:us-east-1:123456789012:function:fn\n", false },
        { "arn:aws:lambda:us-east-1:12345678901\u0663:function:fn", false },
        { "arn:aws:lambda:us-east-\u0661:123456789012:function:fn", false },
    };

    public static TheoryData<string, bool> Qualifiers => new()
    {
        { "live", true },
        { "7", true },
        { "$LATEST", true },
        { "$LATEST.PUBLISHED", true },
        { "a$b", true },
        { new string('q', 128), true },
        { new string('q', 129), false },
        { string.Empty, false },
        { "v.1", false },
        { "a b", false },
        { "live\n", false },
        { "$LATEST\n", false },
    };

    [Theory]
    [MemberData(nameof(FunctionNames))]
    public void Generator_and_runtime_agree_on_function_names(string value, bool valid)
    {
        string? generatorProblem = FunctionNameRules.Check(value, out _);
        Exception? runtimeProblem = Record.Exception(() => new LambdaStreamingRequest(value));

        Assert.True(valid == (generatorProblem is null), $"generator: '{value}' → {generatorProblem ?? "valid"}");
        Assert.True(valid == (runtimeProblem is null), $"runtime: '{value}' → {runtimeProblem?.Message ?? "valid"}");
        if (runtimeProblem is not null)
        {
            Assert.IsType<ArgumentException>(runtimeProblem);
        }
    }

    [Theory]
    [MemberData(nameof(Qualifiers))]
    public void Generator_and_runtime_agree_on_qualifiers(string value, bool valid)
    {
        string? generatorProblem = FunctionNameRules.QualifierProblem(value);
        Exception? runtimeProblem = Record.Exception(() => new LambdaStreamingRequest("fn") { Qualifier = value });

        Assert.True(valid == (generatorProblem is null), $"generator: '{value}' → {generatorProblem ?? "valid"}");
        Assert.True(valid == (runtimeProblem is null), $"runtime: '{value}' → {runtimeProblem?.Message ?? "valid"}");
    }

    [Fact]
    public void The_generator_and_the_runtime_run_their_own_compiled_copy_of_the_rules()
    {
        // The point of one source file is two compiled copies that cannot differ; check that both really exist.
        Type generatorCopy = typeof(FunctionNameRules);
        Type? runtimeCopy = typeof(LambdaStreamingRequest).Assembly.GetType("LambdaStreamGen.Rules.FunctionNameRules");

        Assert.Equal("LambdaStreamGen.Generator", generatorCopy.Assembly.GetName().Name);
        Assert.NotNull(runtimeCopy);
    }
}
