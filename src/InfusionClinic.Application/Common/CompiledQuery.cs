using System.Runtime.CompilerServices;
using InfusionClinic.Application.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace InfusionClinic.Application.Common;

/// <summary>
/// An EF Core compiled query (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>)
/// for a hot read: it skips the LINQ parameter extraction and query-cache lookup of every call (measured on the session
/// read, the day board and the staff check: a quarter to a third of each query's CPU). EF Core binds a compiled query to
/// the model it first ran against and refuses any other, and one process can hold several models (a provider's context
/// each; every test host its own), so the query is compiled once per model.
/// </summary>
/// <typeparam name="TDelegate">The delegate <c>EF.CompileAsyncQuery</c> returns; its first parameter is a <see cref="DbContext"/>.</typeparam>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> _byModel = [];

    /// <summary>The query compiled for this context's model.</summary>
    public TDelegate For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.GetValue(db.Model, _ => compile());
    }

    /// <summary>The query compiled for this context's model, and the context to pass it (the unit of work is an EF Core
    /// <see cref="DbContext"/>).</summary>
    public (TDelegate Query, DbContext Context) On(IAppDbContext db)
    {
        var context = db as DbContext ?? throw new InvalidOperationException("A compiled query runs on an EF Core DbContext.");
        return (For(context), context);
    }
}
