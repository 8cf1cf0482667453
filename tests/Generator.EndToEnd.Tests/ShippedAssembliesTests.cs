using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using LambdaStreamGen.Local;

namespace LambdaStreamGen.Generator.EndToEnd.Tests;

/// <summary>
/// The emulator package may be upgraded without the runtime package and the other way round, because no shipped
/// assembly depends on another's internals: the runtime grants its internals to no shipped assembly, and every type
/// and member the emulator takes from the runtime is public. (An internal one would compile here and fail at run time
/// with <see cref="MissingMethodException"/> once the other package moved on.)
/// </summary>
public sealed class ShippedAssembliesTests
{
    private static readonly Assembly Runtime = typeof(LambdaStreamingClient).Assembly;

    [Fact]
    public void The_runtime_grants_its_internals_to_no_shipped_assembly()
    {
        string[] granted = [.. Runtime.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName)];

        Assert.NotEmpty(granted);
        Assert.All(granted, name => Assert.True(
            name.EndsWith(".Tests", StringComparison.Ordinal) || name is "LambdaStreamGen.Benchmarks" or "LambdaStreamGen.Fuzzing",
            $"the runtime grants its internals to '{name}', which ships"));
    }

    [Fact]
    public void The_emulator_uses_only_public_types_and_members_of_the_runtime()
    {
        using var stream = File.OpenRead(typeof(LocalLambdaServer).Assembly.Location);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        var used = new List<string>();
        var notPublic = new List<string>();

        foreach (TypeReferenceHandle handle in metadata.TypeReferences)
        {
            if (RuntimeType(metadata, handle) is { } type)
            {
                used.Add(type.FullName!);
                if (!(type.IsPublic || type.IsNestedPublic))
                {
                    notPublic.Add(type.FullName!);
                }
            }
        }

        foreach (MemberReferenceHandle handle in metadata.MemberReferences)
        {
            MemberReference member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference && RuntimeType(metadata, (TypeReferenceHandle)member.Parent) is { } type)
            {
                string name = metadata.GetString(member.Name);
                MemberInfo[] candidates = type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
                Assert.NotEmpty(candidates);
                if (!candidates.Any(IsPublic))
                {
                    notPublic.Add($"{type.FullName}.{name}");
                }
            }
        }

        Assert.Contains("LambdaStreamGen.LambdaStreamingClientOptions", used);
        Assert.Empty(notPublic);
    }

    private static Type? RuntimeType(MetadataReader metadata, TypeReferenceHandle handle)
    {
        TypeReference reference = metadata.GetTypeReference(handle);
        if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference
            || metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name) != Runtime.GetName().Name)
        {
            return null;
        }

        string ns = metadata.GetString(reference.Namespace);
        return Runtime.GetType((ns.Length == 0 ? string.Empty : ns + ".") + metadata.GetString(reference.Name), throwOnError: true);
    }

    private static bool IsPublic(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic,
        FieldInfo field => field.IsPublic,
        PropertyInfo property => property.GetMethod?.IsPublic == true || property.SetMethod?.IsPublic == true,
        EventInfo e => e.AddMethod?.IsPublic == true,
        Type nested => nested.IsNestedPublic,
        _ => false,
    };
}
