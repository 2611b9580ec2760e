using FluentValidation;
using FluentValidation.Results;
using InfusionClinic.Application.Abstractions;
using InfusionClinic.Application.Common;
using InfusionClinic.Domain.Patients;
using InfusionClinic.Domain.Reminders;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace InfusionClinic.Application.Reminders.ConfirmEscortByLink;

/// <summary>The patient names their escort through the single-use link of a transport reminder (anonymous). Records an
/// EscortConfirmed checkpoint with source Patient on the session.</summary>
public sealed record ConfirmEscortByLinkCommand(string Token, string Name, string Phone, string? Relation) : IRequest<EscortConfirmationDto>;

/// <summary>What the link's holder is told back: no patient data beyond what the reminder already said.</summary>
public sealed record EscortConfirmationDto(DateTime SessionLocalStart, string SiteName, DateTimeOffset ConfirmedAt);

public sealed class ConfirmEscortByLinkCommandValidator : AbstractValidator<ConfirmEscortByLinkCommand>
{
    public ConfirmEscortByLinkCommandValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Phone).NotEmpty().MaximumLength(30).Matches(@"^\+?[0-9 ()\-.]{6,30}$").WithMessage("A phone number: digits, spaces, + ( ) - .");
        RuleFor(x => x.Relation).MaximumLength(50);
    }
}

public sealed class ConfirmEscortByLinkCommandHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<ConfirmEscortByLinkCommand, EscortConfirmationDto>
{
    public async Task<EscortConfirmationDto> Handle(ConfirmEscortByLinkCommand cmd, CancellationToken ct)
    {
        var hash = EscortConfirmationToken.HashOf(cmd.Token);
        // Only the hash is stored and the token is never echoed (not even in the 404).
        var token = await db.EscortConfirmationTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct)
                    ?? throw new NotFoundException("escort confirmation link", "(given)");
        var now = clock.GetUtcNow();
        var session = await db.Sessions.Include(s => s.Checkpoints).Include(s => s.Changes).SingleAsync(s => s.Id == token.SessionId, ct);
        token.Use(now, session.StartsAt);
        var site = await db.Sites.AsNoTracking().SingleAsync(s => s.Id == session.SiteId, ct);
        var phone = PhoneNumber.Normalize(cmd.Phone, site.CountryCallingCode)
                    ?? throw new ValidationException([new ValidationFailure("phone", "Not a phone number this clinic can call.")]);
        session.ConfirmEscortByPatient(cmd.Name.Trim(), phone, cmd.Relation?.Trim(), now);
        await db.SaveChangesAsync(ct);
        return new EscortConfirmationDto(session.LocalStart, site.Name, now);
    }
}
