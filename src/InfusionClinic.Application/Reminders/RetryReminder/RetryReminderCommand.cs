using FluentValidation;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders.RetryReminder;

/// <summary>Sends a Failed reminder again (front desk, from the failed-reminders worklist): Planned now, attempts afresh.</summary>
public sealed record RetryReminderCommand(Guid Id) : IRequest<ReminderDto>;

public sealed class RetryReminderCommandValidator : AbstractValidator<RetryReminderCommand>
{
    public RetryReminderCommandValidator() => RuleFor(x => x.Id).NotEmpty();
}

public sealed class RetryReminderCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RetryReminderCommand, ReminderDto>
{
    public async Task<ReminderDto> Handle(RetryReminderCommand cmd, CancellationToken ct)
    {
        var reminder = await db.Reminders.SingleOrDefaultAsync(r => r.Id == cmd.Id, ct) ?? throw new NotFoundException("reminder", cmd.Id);
        reminder.Retry(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == reminder.SiteId, ct);
        return ReminderDto.From(reminder, site);
    }
}
