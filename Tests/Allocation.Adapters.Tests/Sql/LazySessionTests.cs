using System.Data.Common;
using Allocation.Adapters.Sql;
using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests.Sql;

public sealed class LazySessionTests
{
    [Test]
    public async Task A_unit_of_work_that_touches_no_data_opens_no_connection()
    {
        await using var engine = new NeverOpens();

        await using (var uow = new SqlUnitOfWorkFactory(engine, new EventLogSignal()).Create())
        {
            await uow.CommitAsync();
        }

        await using (new SqlUnitOfWorkFactory(engine, new EventLogSignal()).Create())
        {
            // disposed without a commit
        }

        engine.Opened.Should().Be(0);
    }

    [Test]
    public async Task The_first_load_opens_the_session()
    {
        await using var engine = new NeverOpens();
        await using var uow = new SqlUnitOfWorkFactory(engine, new EventLogSignal()).Create();

        var act = () => uow.Products.GetAsync("SKU", LinesToLoad.None);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("opened");
        engine.Opened.Should().Be(1);
    }

    private sealed class NeverOpens() : SqlEngine(new AllocationDatabaseOptions())
    {
        public int Opened { get; private set; }

        public override string Name => "never";

        public override string? LockProduct => null;

        public override string? LockMigrations => null;

        public override string InsertEvent => "";

        public override string ReadableEvents => "";

        public override string SelectLinesOfOrders => "";

        public override string SelectBatchesByReference(string select) => select;

        public override string Contains(string column, string parameter) => "";

        public override string SecondOf(string column) => column;

        public override object Timestamp(DateTimeOffset instant) => instant;

        public override DateTimeOffset ReadTimestamp(object stored) => (DateTimeOffset)stored;

        public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => throw Open();

        public override Task<SqlSession> BeginAsync(CancellationToken cancellationToken) => throw Open();

        public override Task<SqlSession> BeginWriteAsync(CancellationToken cancellationToken) => throw Open();

        public override Task CommitAsync(SqlSession session, IReadOnlyList<SqlWrite> writes, CancellationToken cancellationToken) => throw Open();

        protected override StoreFailure Classify(DbException exception) => StoreFailure.Unknown;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private InvalidOperationException Open()
        {
            Opened++;
            return new InvalidOperationException("opened");
        }
    }
}
