using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace NasBench.Web.Data;

/// <summary>
/// A case-insensitive substring search that answers the same on SQLite and PostgreSQL: SQLite's LIKE folds ASCII case,
/// PostgreSQL's does not, so PostgreSQL gets ILIKE (on the model's "C" collation it folds ASCII only, like SQLite).
/// %, _ and \ in the text are matched literally on both (explicit escape character; PostgreSQL's LIKE would otherwise
/// treat \ as its default escape).
/// </summary>
public static class TextSearch
{
    /// <summary>Rows where any of <paramref name="columns"/> contains <paramref name="text"/>, ignoring ASCII case.</summary>
    public static IQueryable<T> Containing<T>(this IQueryable<T> query, DatabaseFacade database, string text, params Expression<Func<T, string>>[] columns)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(columns);
        string pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var like = database.IsNpgsql()
            ? typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!
            : typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        var row = Expression.Parameter(typeof(T), "row");
        // A closure member rather than a constant, so EF Core sends the pattern as a parameter.
        var holder = Expression.Property(Expression.Constant(new Pattern(pattern)), nameof(Pattern.Value));
        Expression? any = null;
        foreach (var column in columns)
        {
            var test = Expression.Call(like, Expression.Constant(EF.Functions), ReplaceParameter(column, row), holder, Expression.Constant("\\"));
            any = any is null ? test : Expression.OrElse(any, test);
        }

        return any is null ? query : query.Where(Expression.Lambda<Func<T, bool>>(any, row));
    }

    private sealed record Pattern(string Value);

    private static Expression ReplaceParameter<T>(Expression<Func<T, string>> column, ParameterExpression row) =>
        new Replace(column.Parameters[0], row).Visit(column.Body);

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
