using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace NasBench.TestSupport.Architecture;

/// <summary>
/// Which folder of an assembly uses which: a folder is a namespace one level below the assembly's root namespace
/// (<c>NasBench.Core.Benchmark.Query</c> belongs to <c>Benchmark</c>; types right in the root namespace form the
/// folder <c>(root)</c>), and folder A depends on folder B when a type of A references a type of B anywhere in the
/// compiled assembly.
/// </summary>
/// <remarks>
/// Read from the built DLL with System.Reflection.Metadata rather than from the source's <c>using</c> lines, because
/// the source scan misses what C# resolves without a using (enclosing namespaces, <c>Search.X</c> written inside
/// <c>NasBench.Core.Experiments</c>, global usings) and the metadata sees every reference that survives compilation:
/// <code>
/// for each type T (a nested or compiler-generated type counts as its outermost declaring type):
///     T's base type, interfaces, generic constraints and custom attributes (typeof arguments included)
///     each field's, property's, event's and method's signature and custom attributes, parameters' attributes
///     each method body: its locals' signature and every token an IL instruction names
///         (a type, a field or method of the assembly → its declaring type; a member reference → its parent and
///          signature; a generic instantiation → each type argument)
///     → an edge folder(T) → folder(U) for every type U of this assembly found there, with (T, U) as its example
/// </code>
/// What compiles away is not seen: a <c>const</c> read (inlined), <c>nameof</c> and doc-comment <c>cref</c>s.
/// </remarks>
public sealed class FolderGraph
{
    /// <summary>The folder of the types declared directly in the root namespace.</summary>
    public const string RootFolder = "(root)";

    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    private readonly Dictionary<(string From, string To), (string FromType, string ToType)> _edges = [];
    private readonly HashSet<(string FromType, string ToType)> _pairs = [];

    private FolderGraph(string rootNamespace) => RootNamespace = rootNamespace;

    /// <summary>The namespace whose direct children are the folders.</summary>
    public string RootNamespace { get; }

    /// <summary>Every folder seen (types declared in it or referenced).</summary>
    public IReadOnlyCollection<string> Folders => _edges.Keys.SelectMany(k => new[] { k.From, k.To }).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The edges between different folders, each with one example (referencing type, referenced type).</summary>
    public IReadOnlyDictionary<(string From, string To), (string FromType, string ToType)> Edges => _edges;

    /// <summary>Every (referencing type, referenced type) pair between different folders, for a full account of an edge.</summary>
    public IReadOnlyCollection<(string FromType, string ToType)> TypePairs => _pairs;

    /// <summary>Reads the graph of the DLL that <paramref name="anyType"/> is compiled into, folders under
    /// <paramref name="rootNamespace"/> (the project's RootNamespace: the CLI's assembly is <c>nasbench</c>).</summary>
    public static FolderGraph Of(Type anyType, string rootNamespace)
    {
        ArgumentNullException.ThrowIfNull(anyType);
        return Read(anyType.Assembly.Location, rootNamespace);
    }

    /// <summary>Reads the graph of the DLL at <paramref name="path"/>, folders under <paramref name="rootNamespace"/>.</summary>
    public static FolderGraph Read(string path, string rootNamespace)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var graph = new FolderGraph(rootNamespace);
        new Scanner(pe, graph).ScanAll();
        return graph;
    }

    /// <summary>The graph without the edges between the given pairs of folders (both directions).</summary>
    public FolderGraph Without(IEnumerable<(string A, string B)> pairs)
    {
        var drop = pairs.SelectMany(p => new[] { (p.A, p.B), (p.B, p.A) }).ToHashSet();
        var copy = new FolderGraph(RootNamespace);
        foreach (var (key, example) in _edges.Where(e => !drop.Contains(e.Key)))
        {
            copy._edges[key] = example;
        }

        copy._pairs.UnionWith(_pairs.Where(p => !drop.Contains((copy.FolderOf(p.FromType), copy.FolderOf(p.ToType)))));

        return copy;
    }

    /// <summary>
    /// The groups of folders that reach each other (strongly connected components of two or more folders, by
    /// Tarjan's algorithm); empty when the graph has no cycle.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var next = _edges.Keys.GroupBy(k => k.From).ToDictionary(g => g.Key, g => g.Select(k => k.To).Order(StringComparer.Ordinal).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var groups = new List<IReadOnlyList<string>>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w) && index.TryGetValue(w, out int wIndex))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);

                if (group.Count > 1)
                {
                    groups.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var folder in Folders)
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return [.. groups.OrderBy(g => g[0], StringComparer.Ordinal)];
    }

    /// <summary>The pairs of folders that use each other directly (A ⇄ B), A before B in ordinal order.</summary>
    public IReadOnlyList<(string A, string B)> MutualPairs() =>
        [.. _edges.Keys.Where(k => string.CompareOrdinal(k.From, k.To) < 0 && _edges.ContainsKey((k.To, k.From))).Order()];

    /// <summary>
    /// Each cycle as its folders and the edges inside it, one line per edge with its example type pair; "no cycle"
    /// when there is none.
    /// </summary>
    public string Describe()
    {
        var cycles = Cycles();
        if (cycles.Count == 0)
        {
            return $"{RootNamespace}: no cycle among {Folders.Count} folders.";
        }

        var text = new StringBuilder();
        text.Append(RootNamespace).Append(": ").Append(cycles.Count).AppendLine(" cycle(s)");
        foreach (var group in cycles)
        {
            var members = group.ToHashSet();
            text.Append("  cycle among ").AppendJoin(", ", group).AppendLine(":");
            foreach (var ((from, to), (fromType, toType)) in _edges.Where(e => members.Contains(e.Key.From) && members.Contains(e.Key.To)).OrderBy(e => e.Key))
            {
                string mutual = _edges.ContainsKey((to, from)) ? " ⇄" : "";
                text.Append("    ").Append(from).Append(" → ").Append(to).Append(mutual).Append(": ").Append(fromType).Append(" uses ").AppendLine(toType);
            }
        }

        return text.ToString();
    }

    private void Add(string fromType, string toType)
    {
        string from = FolderOf(fromType);
        string to = FolderOf(toType);
        if (from != to && from.Length > 0 && to.Length > 0)
        {
            _edges.TryAdd((from, to), (fromType, toType));
            _pairs.Add((fromType, toType));
        }
    }

    /// <summary>The folder of a full type name, or empty when the type is outside the root namespace.</summary>
    private string FolderOf(string fullName)
    {
        int lastDot = fullName.LastIndexOf('.');
        string ns = lastDot < 0 ? "" : fullName[..lastDot];
        if (ns == RootNamespace)
        {
            return RootFolder;
        }

        if (!ns.StartsWith(RootNamespace + ".", StringComparison.Ordinal))
        {
            return "";
        }

        string rest = ns[(RootNamespace.Length + 1)..];
        int dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Walks one assembly's metadata and IL; the types found are this assembly's type definitions.</summary>
    private sealed class Scanner(PEReader pe, FolderGraph graph)
    {
        private readonly MetadataReader _md = pe.GetMetadataReader();
        private readonly Dictionary<string, TypeDefinitionHandle> _byName = [];
        private readonly HashSet<TypeDefinitionHandle> _found = [];

        public void ScanAll()
        {
            foreach (var handle in _md.TypeDefinitions)
            {
                _byName[FullName(handle)] = handle;
            }

            foreach (var handle in _md.TypeDefinitions)
            {
                _found.Clear();
                ScanType(handle);
                string from = FullName(Outermost(handle));
                foreach (var used in _found)
                {
                    graph.Add(from, FullName(Outermost(used)));
                }
            }
        }

        private void ScanType(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
            {
                Entity(_md.GetInterfaceImplementation(i).Interface);
            }

            GenericParameters(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var f in type.GetFields())
            {
                var field = _md.GetFieldDefinition(f);
                field.DecodeSignature(new TypeCollector(this), null);
                Attributes(field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = _md.GetPropertyDefinition(p);
                property.DecodeSignature(new TypeCollector(this), null);
                Attributes(property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
            {
                var ev = _md.GetEventDefinition(e);
                Entity(ev.Type);
                Attributes(ev.GetCustomAttributes());
            }

            foreach (var m in type.GetMethods())
            {
                Method(m);
            }

            foreach (var impl in type.GetMethodImplementations())
            {
                var mi = _md.GetMethodImplementation(impl);
                Entity(mi.MethodBody);
                Entity(mi.MethodDeclaration);
            }
        }

        private void Method(MethodDefinitionHandle handle)
        {
            var method = _md.GetMethodDefinition(handle);
            method.DecodeSignature(new TypeCollector(this), null);
            GenericParameters(method.GetGenericParameters());
            Attributes(method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
            {
                Attributes(_md.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(new TypeCollector(this), null);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Entity(region.CatchType);
            }

            Instructions(body.GetILReader());
        }

        /// <summary>Every token an instruction names, decoded with the operand sizes of <see cref="OpCodes"/>.</summary>
        private void Instructions(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (short)(0xFE00 | il.ReadByte());
                }

                switch (OperandTypes[code])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32(); // read first: `Offset += 4 * ReadInt32()` would add to the old offset
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }

        /// <summary>Records the types of this assembly that a metadata entity names.</summary>
        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    _found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(new TypeCollector(this), null);
                    break;
                case HandleKind.FieldDefinition:
                    _found.Add(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MethodDefinition:
                    _found.Add(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(new TypeCollector(this), null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(new TypeCollector(this), null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(spec.Method);
                    spec.DecodeSignature(new TypeCollector(this), null);
                    break;
                case HandleKind.StandaloneSignature:
                    var sig = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (sig.GetKind() == StandaloneSignatureKind.Method)
                    {
                        sig.DecodeMethodSignature(new TypeCollector(this), null);
                    }

                    break;
                default: // TypeReference (another assembly), ModuleReference
                    break;
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
            {
                var parameter = _md.GetGenericParameter(p);
                Attributes(parameter.GetCustomAttributes());
                foreach (var c in parameter.GetConstraints())
                {
                    Entity(_md.GetGenericParameterConstraint(c).Type);
                }
            }
        }

        /// <summary>The attribute's type, and the types its arguments name (<c>typeof(X)</c> is stored by name).</summary>
        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var attribute = _md.GetCustomAttribute(a);
                Entity(attribute.Constructor);
                var value = attribute.DecodeValue(new AttributeTypes(this));
                foreach (var argument in value.FixedArguments.Concat(value.NamedArguments.Select(n => new CustomAttributeTypedArgument<string>(n.Type, n.Value))))
                {
                    AttributeArgument(argument.Type, argument.Value);
                }
            }
        }

        private void AttributeArgument(string type, object? value)
        {
            Named(type);
            if (value is string name && type == "System.Type")
            {
                Named(name.Split(',')[0].Replace('+', '/'));
            }
            else if (value is ImmutableArray<CustomAttributeTypedArgument<string>> items)
            {
                foreach (var item in items)
                {
                    AttributeArgument(item.Type, item.Value);
                }
            }
        }

        private void Named(string fullName)
        {
            if (_byName.TryGetValue(fullName.TrimEnd('[', ']'), out var handle))
            {
                _found.Add(handle);
            }
        }

        internal void Found(TypeDefinitionHandle handle) => _found.Add(handle);

        internal string NameOf(TypeReferenceHandle handle)
        {
            var reference = _md.GetTypeReference(handle);
            string ns = _md.GetString(reference.Namespace);
            string name = _md.GetString(reference.Name);
            return reference.ResolutionScope.Kind == HandleKind.TypeReference
                ? NameOf((TypeReferenceHandle)reference.ResolutionScope) + "/" + name
                : ns.Length == 0 ? name : ns + "." + name;
        }

        /// <summary>The underlying type of an enum named in an attribute: read from the enum when it is ours.</summary>
        internal PrimitiveTypeCode EnumUnderlying(string fullName)
        {
            if (!_byName.TryGetValue(fullName, out var handle))
            {
                return PrimitiveTypeCode.Int32; // an enum of another assembly: every one used in attributes here is int
            }

            _found.Add(handle);
            var valueField = _md.GetTypeDefinition(handle).GetFields().Select(_md.GetFieldDefinition).First(f => (f.Attributes & FieldAttributes.Static) == 0);
            return valueField.DecodeSignature(new UnderlyingType(), null);
        }

        internal string FullName(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            string name = _md.GetString(type.Name);
            if (type.IsNested)
            {
                return FullName(type.GetDeclaringType()) + "/" + name;
            }

            string ns = _md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private TypeDefinitionHandle Outermost(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            return type.IsNested ? Outermost(type.GetDeclaringType()) : handle;
        }
    }

    /// <summary>Collects this assembly's types from a signature; the decoded value itself is not needed.</summary>
    private sealed class TypeCollector(Scanner scanner) : ISignatureTypeProvider<int, object?>
    {
        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            scanner.Found(handle);
            return 0;
        }

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetArrayType(int elementType, ArrayShape shape) => 0;
        public int GetByReferenceType(int elementType) => 0;
        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;
        public int GetGenericMethodParameter(object? genericContext, int index) => 0;
        public int GetGenericTypeParameter(object? genericContext, int index) => 0;
        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
        public int GetPinnedType(int elementType) => 0;
        public int GetPointerType(int elementType) => 0;
        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
        public int GetSZArrayType(int elementType) => 0;
    }

    /// <summary>Attribute argument types by full name, so that <c>typeof</c> arguments and enum values decode.</summary>
    private sealed class AttributeTypes(Scanner scanner) : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "System.Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => scanner.FullName(handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => scanner.NameOf(handle);
        public string GetTypeFromSerializedName(string name) => name.Split(',')[0].Replace('+', '/');
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => scanner.EnumUnderlying(type);
        public bool IsSystemType(string type) => type == "System.Type";
    }

    /// <summary>The primitive type of an enum's instance field.</summary>
    private sealed class UnderlyingType : ISignatureTypeProvider<PrimitiveTypeCode, object?>
    {
        public PrimitiveTypeCode GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode;
        public PrimitiveTypeCode GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => throw Unexpected();
        public PrimitiveTypeCode GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => throw Unexpected();
        public PrimitiveTypeCode GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => throw Unexpected();
        public PrimitiveTypeCode GetArrayType(PrimitiveTypeCode elementType, ArrayShape shape) => throw Unexpected();
        public PrimitiveTypeCode GetByReferenceType(PrimitiveTypeCode elementType) => throw Unexpected();
        public PrimitiveTypeCode GetFunctionPointerType(MethodSignature<PrimitiveTypeCode> signature) => throw Unexpected();
        public PrimitiveTypeCode GetGenericInstantiation(PrimitiveTypeCode genericType, ImmutableArray<PrimitiveTypeCode> typeArguments) => throw Unexpected();
        public PrimitiveTypeCode GetGenericMethodParameter(object? genericContext, int index) => throw Unexpected();
        public PrimitiveTypeCode GetGenericTypeParameter(object? genericContext, int index) => throw Unexpected();
        public PrimitiveTypeCode GetModifiedType(PrimitiveTypeCode modifier, PrimitiveTypeCode unmodifiedType, bool isRequired) => unmodifiedType;
        public PrimitiveTypeCode GetPinnedType(PrimitiveTypeCode elementType) => throw Unexpected();
        public PrimitiveTypeCode GetPointerType(PrimitiveTypeCode elementType) => throw Unexpected();
        public PrimitiveTypeCode GetSZArrayType(PrimitiveTypeCode elementType) => throw Unexpected();

        private static InvalidOperationException Unexpected() => new("An enum's value field is not of a primitive type.");
    }
}
