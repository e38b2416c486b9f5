// Five small folders for FolderCycleTests, each using Target in one way the compiled assembly keeps (a method body, a
// generic argument of a field, a typeof in an attribute, a lambda's closure), and Target using Body back: one cycle.
#pragma warning disable CA1812, CA1822, CA1852 // types and members that exist only to be referenced

namespace NasBench.Core.Tests.Architecture.CycleFixture.Target
{
    public sealed class Thing
    {
        public override string ToString() => Body.BodyUser.Make().GetType().Name;
    }
}

namespace NasBench.Core.Tests.Architecture.CycleFixture.Body
{
    public static class BodyUser
    {
        public static object Make() => new object();

        public static object MakeThing() => new Target.Thing();
    }
}

namespace NasBench.Core.Tests.Architecture.CycleFixture.Generic
{
    public sealed class Holder
    {
        private readonly List<List<Target.Thing>> _things = [];

        public int Count => _things.Count;
    }
}

namespace NasBench.Core.Tests.Architecture.CycleFixture.Attribute
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class MarkerAttribute(Type type) : System.Attribute
    {
        public Type Type { get; } = type;
    }

    [Marker(typeof(Target.Thing))]
    public sealed class Marked;
}

namespace NasBench.Core.Tests.Architecture.CycleFixture.Lambda
{
    public static class Closure
    {
        public static Func<object> Later(int n) => () => n > 0 ? new Target.Thing() : new object();
    }
}
