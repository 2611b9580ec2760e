IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ApiKeys] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Prefix] nvarchar(32) NOT NULL,
        [SecretHash] nvarchar(64) NOT NULL,
        [Scopes] nvarchar(400) NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [RevokedAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_ApiKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [AuditEntries] (
        [Id] bigint NOT NULL IDENTITY,
        [At] datetime2 NOT NULL,
        [ActorKind] nvarchar(20) NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [Action] nvarchar(200) NOT NULL,
        [Operation] nvarchar(20) NOT NULL,
        [EntityType] nvarchar(100) NOT NULL,
        [EntityId] nvarchar(100) NOT NULL,
        [Changes] nvarchar(max) NULL,
        [CorrelationId] nvarchar(100) NULL,
        CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Occupancy] (
        [Id] bigint NOT NULL IDENTITY,
        [Resource] nvarchar(20) NOT NULL,
        [ResourceId] uniqueidentifier NOT NULL,
        [SlotStart] datetime2 NOT NULL,
        [Unit] int NOT NULL,
        [BookingType] nvarchar(30) NOT NULL,
        [BookingId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_Occupancy] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Sites] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(200) NOT NULL,
        [TimeZoneId] nvarchar(64) NOT NULL,
        [CountryCallingCode] nvarchar(3) NOT NULL,
        [SlotMinutes] int NOT NULL,
        [NurseCapacityPerNurse] int NOT NULL,
        [NoShowGraceMinutes] int NOT NULL,
        [QuietHoursStart] time NULL,
        [QuietHoursEnd] time NULL,
        [RecoverInChair] bit NOT NULL,
        [DefaultFollowUpDays] int NOT NULL,
        [IsActive] bit NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Sites] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Staff] (
        [Id] uniqueidentifier NOT NULL,
        [Email] nvarchar(254) NOT NULL,
        [DisplayName] nvarchar(200) NOT NULL,
        [Roles] int NOT NULL,
        [PasswordHash] nvarchar(200) NOT NULL,
        [SecurityStamp] uniqueidentifier NOT NULL,
        [IsActive] bit NOT NULL,
        [FailedLoginCount] int NOT NULL,
        [LockedUntil] datetime2 NULL,
        [CreatedAt] datetime2 NOT NULL,
        [LastLoginAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Staff] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Chairs] (
        [Id] uniqueidentifier NOT NULL,
        [Version] int NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [IsActive] bit NOT NULL,
        CONSTRAINT [PK_Chairs] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Chairs_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Closures] (
        [Id] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Date] date NOT NULL,
        [Start] time NULL,
        [End] time NULL,
        [Reason] nvarchar(200) NOT NULL,
        [StartsAt] datetime2 NOT NULL,
        [EndsAt] datetime2 NOT NULL,
        [IsCancelled] bit NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Closures] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Closures_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ConsultRooms] (
        [Id] uniqueidentifier NOT NULL,
        [Version] int NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [IsActive] bit NOT NULL,
        CONSTRAINT [PK_ConsultRooms] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ConsultRooms_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Patients] (
        [Id] uniqueidentifier NOT NULL,
        [GivenName] nvarchar(100) NOT NULL,
        [FamilyName] nvarchar(100) NOT NULL,
        [FamilyNameKey] nvarchar(100) NOT NULL,
        [GivenNameKey] nvarchar(100) NOT NULL,
        [DateOfBirth] date NOT NULL,
        [SexOrGender] nvarchar(50) NULL,
        [HomeSiteId] uniqueidentifier NOT NULL,
        [Phone] nvarchar(16) NULL,
        [Email] nvarchar(254) NULL,
        [PreferredChannel] nvarchar(10) NOT NULL,
        [Language] nvarchar(35) NOT NULL,
        [MessagingOptOut] bit NOT NULL,
        [EmergencyContactName] nvarchar(200) NULL,
        [EmergencyContactPhone] nvarchar(16) NULL,
        [EmergencyContactRelation] nvarchar(100) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Patients] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Patients_Sites_HomeSiteId] FOREIGN KEY ([HomeSiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [RecoveryBays] (
        [Id] uniqueidentifier NOT NULL,
        [Version] int NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [IsActive] bit NOT NULL,
        CONSTRAINT [PK_RecoveryBays] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_RecoveryBays_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ReminderPolicies] (
        [Id] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Enabled] bit NOT NULL,
        [Offsets] nvarchar(200) NOT NULL,
        [Channels] nvarchar(40) NOT NULL,
        [Templates] nvarchar(max) NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_ReminderPolicies] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ReminderPolicies_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [SiteOpeningHours] (
        [Id] int NOT NULL IDENTITY,
        [Day] int NOT NULL,
        [Start] time NOT NULL,
        [End] time NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_SiteOpeningHours] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SiteOpeningHours_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [NurseShifts] (
        [Id] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [NurseId] uniqueidentifier NOT NULL,
        [LocalStart] datetime2 NOT NULL,
        [LocalEnd] datetime2 NOT NULL,
        [StartsAt] datetime2 NOT NULL,
        [EndsAt] datetime2 NOT NULL,
        [IsCancelled] bit NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_NurseShifts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_NurseShifts_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_NurseShifts_Staff_NurseId] FOREIGN KEY ([NurseId]) REFERENCES [Staff] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Consultations] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [ClinicianId] uniqueidentifier NOT NULL,
        [ConsultRoomId] uniqueidentifier NOT NULL,
        [LocalStart] datetime2 NOT NULL,
        [DurationMinutes] int NOT NULL,
        [StartsAt] datetime2 NOT NULL,
        [EndsAt] datetime2 NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [BookedAt] datetime2 NOT NULL,
        [BookedBy] uniqueidentifier NOT NULL,
        [HistoryNotes] nvarchar(max) NULL,
        [ConsentFormVersion] nvarchar(50) NULL,
        [ConsentSignedAt] datetime2 NULL,
        [ConsentRecordedBy] uniqueidentifier NULL,
        [ConsentWithdrawnAt] datetime2 NULL,
        [ConsentWithdrawalReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Consultations] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Consultations_ConsultRooms_ConsultRoomId] FOREIGN KEY ([ConsultRoomId]) REFERENCES [ConsultRooms] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Consultations_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Consultations_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Consultations_Staff_ClinicianId] FOREIGN KEY ([ClinicianId]) REFERENCES [Staff] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [PatientExternalIds] (
        [Id] bigint NOT NULL IDENTITY,
        [PatientId] uniqueidentifier NOT NULL,
        [System] nvarchar(100) NOT NULL,
        [Value] nvarchar(100) NOT NULL,
        CONSTRAINT [PK_PatientExternalIds] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PatientExternalIds_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Reminders] (
        [Id] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [Channel] nvarchar(10) NOT NULL,
        [State] nvarchar(12) NOT NULL,
        [DueAt] datetime2 NOT NULL,
        [NextAttemptAt] datetime2 NOT NULL,
        [TargetType] nvarchar(20) NOT NULL,
        [TargetId] uniqueidentifier NOT NULL,
        [TargetStartsAt] datetime2 NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [Offset] nvarchar(20) NOT NULL,
        [Attempts] int NOT NULL,
        [LeaseOwner] nvarchar(100) NULL,
        [LeaseUntil] datetime2 NULL,
        [SentAt] datetime2 NULL,
        [ProviderMessageId] nvarchar(200) NULL,
        [StateReason] nvarchar(100) NULL,
        [LastError] nvarchar(400) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Reminders] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Reminders_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Reminders_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ConsultationChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [ConsultationId] uniqueidentifier NULL,
        [Kind] nvarchar(30) NOT NULL,
        [At] datetime2 NOT NULL,
        [By] uniqueidentifier NOT NULL,
        [FromStart] datetime2 NULL,
        [ToStart] datetime2 NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_ConsultationChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ConsultationChanges_Consultations_ConsultationId] FOREIGN KEY ([ConsultationId]) REFERENCES [Consultations] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ConsultationDecisions] (
        [Id] bigint NOT NULL IDENTITY,
        [Decision] nvarchar(30) NOT NULL,
        [Precautions] nvarchar(2000) NULL,
        [Reason] nvarchar(2000) NULL,
        [SignedBy] uniqueidentifier NOT NULL,
        [SignedAt] datetime2 NOT NULL,
        [AmendmentReason] nvarchar(500) NULL,
        [ConsultationId] uniqueidentifier NULL,
        CONSTRAINT [PK_ConsultationDecisions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ConsultationDecisions_Consultations_ConsultationId] FOREIGN KEY ([ConsultationId]) REFERENCES [Consultations] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [ConsultationScreening] (
        [Id] int NOT NULL IDENTITY,
        [Item] nvarchar(40) NOT NULL,
        [Answer] nvarchar(10) NOT NULL,
        [Note] nvarchar(1000) NULL,
        [ConsultationId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_ConsultationScreening] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_ConsultationScreening_Consultations_ConsultationId] FOREIGN KEY ([ConsultationId]) REFERENCES [Consultations] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [TreatmentPlans] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [ConsultationId] uniqueidentifier NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [SignedAt] datetime2 NULL,
        [SignedBy] uniqueidentifier NULL,
        [FollowUpId] uniqueidentifier NULL,
        [SourcePlanId] uniqueidentifier NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_TreatmentPlans] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TreatmentPlans_Consultations_ConsultationId] FOREIGN KEY ([ConsultationId]) REFERENCES [Consultations] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_TreatmentPlans_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Series] (
        [Id] uniqueidentifier NOT NULL,
        [PlanId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [IdempotencyKey] nvarchar(100) NULL,
        [RequestHash] nvarchar(64) NULL,
        [CancelReason] nvarchar(500) NULL,
        [CancelledAt] datetime2 NULL,
        [LastExtendedAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Series] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Series_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Series_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Series_TreatmentPlans_PlanId] FOREIGN KEY ([PlanId]) REFERENCES [TreatmentPlans] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [TreatmentPlanVersions] (
        [Id] uniqueidentifier NOT NULL,
        [PlanId] uniqueidentifier NOT NULL,
        [Number] int NOT NULL,
        [Indication] nvarchar(30) NOT NULL,
        [IndicationText] nvarchar(200) NULL,
        [Setting] nvarchar(20) NOT NULL,
        [SessionCount] int NOT NULL,
        [SpacingDays] int NULL,
        [SpacingWeekdays] nvarchar(80) NULL,
        [PreferredWindowStart] time NOT NULL,
        [PreferredWindowEnd] time NOT NULL,
        [PreparationMinutes] int NOT NULL,
        [InfusionMinutes] int NOT NULL,
        [RecoveryMinutes] int NOT NULL,
        [FastingHours] decimal(6,2) NOT NULL,
        [EscortRequired] bit NOT NULL,
        [ValidUntil] date NOT NULL,
        [Notes] nvarchar(4000) NULL,
        [FollowUpDays] int NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [AmendmentReason] nvarchar(500) NULL,
        CONSTRAINT [PK_TreatmentPlanVersions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_TreatmentPlanVersions_TreatmentPlans_PlanId] FOREIGN KEY ([PlanId]) REFERENCES [TreatmentPlans] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [PrescriptionLines] (
        [Id] int NOT NULL IDENTITY,
        [Drug] nvarchar(100) NOT NULL,
        [DoseValue] decimal(18,4) NOT NULL,
        [DoseUnit] nvarchar(20) NOT NULL,
        [RateValue] decimal(18,4) NULL,
        [RateUnit] nvarchar(20) NULL,
        [Route] nvarchar(10) NOT NULL,
        [PlanVersionId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_PrescriptionLines] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_PrescriptionLines_TreatmentPlanVersions_PlanVersionId] FOREIGN KEY ([PlanVersionId]) REFERENCES [TreatmentPlanVersions] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [Sessions] (
        [Id] uniqueidentifier NOT NULL,
        [SeriesId] uniqueidentifier NOT NULL,
        [Sequence] int NOT NULL,
        [PlanId] uniqueidentifier NOT NULL,
        [PlanVersionId] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [ChairId] uniqueidentifier NOT NULL,
        [RecoveryBayId] uniqueidentifier NULL,
        [NurseUnit] int NOT NULL,
        [LocalStart] datetime2 NOT NULL,
        [StartsAt] datetime2 NOT NULL,
        [InfusionStartsAt] datetime2 NOT NULL,
        [InfusionEndsAt] datetime2 NOT NULL,
        [RecoveryEndsAt] datetime2 NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [CancelReason] nvarchar(500) NULL,
        [BookedAt] datetime2 NOT NULL,
        [CheckedInAt] datetime2 NULL,
        [CheckedInBy] uniqueidentifier NULL,
        [NoShowAt] datetime2 NULL,
        [ActualInfusionStartAt] datetime2 NULL,
        [ActualInfusionEndAt] datetime2 NULL,
        [Outcome] nvarchar(20) NULL,
        [StopReason] nvarchar(500) NULL,
        [RecoveryStartedAt] datetime2 NULL,
        [ActualRecoveryBayId] uniqueidentifier NULL,
        [DischargedAt] datetime2 NULL,
        [DischargedBy] uniqueidentifier NULL,
        [RecoveryOverrideReason] nvarchar(500) NULL,
        [EscortConfirmedAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_Sessions] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Sessions_Chairs_ChairId] FOREIGN KEY ([ChairId]) REFERENCES [Chairs] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Sessions_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Sessions_Series_SeriesId] FOREIGN KEY ([SeriesId]) REFERENCES [Series] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Sessions_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_Sessions_TreatmentPlanVersions_PlanVersionId] FOREIGN KEY ([PlanVersionId]) REFERENCES [TreatmentPlanVersions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [EscortConfirmationTokens] (
        [Id] uniqueidentifier NOT NULL,
        [TokenHash] nvarchar(64) NOT NULL,
        [SessionId] uniqueidentifier NOT NULL,
        [ReminderId] uniqueidentifier NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [ExpiresAt] datetime2 NOT NULL,
        [UsedAt] datetime2 NULL,
        CONSTRAINT [PK_EscortConfirmationTokens] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_EscortConfirmationTokens_Reminders_ReminderId] FOREIGN KEY ([ReminderId]) REFERENCES [Reminders] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_EscortConfirmationTokens_Sessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [Sessions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [FollowUps] (
        [Id] uniqueidentifier NOT NULL,
        [PatientId] uniqueidentifier NOT NULL,
        [SiteId] uniqueidentifier NOT NULL,
        [PlanId] uniqueidentifier NOT NULL,
        [SeriesId] uniqueidentifier NOT NULL,
        [AfterSessionId] uniqueidentifier NOT NULL,
        [OpenCourseSessionId] uniqueidentifier NULL,
        [DueOn] date NOT NULL,
        [ClinicianId] uniqueidentifier NOT NULL,
        [ConsultRoomId] uniqueidentifier NOT NULL,
        [LocalStart] datetime2 NOT NULL,
        [DurationMinutes] int NOT NULL,
        [StartsAt] datetime2 NOT NULL,
        [EndsAt] datetime2 NOT NULL,
        [Status] nvarchar(20) NOT NULL,
        [BookedAt] datetime2 NOT NULL,
        [BookedBy] uniqueidentifier NOT NULL,
        [CancelledAt] datetime2 NULL,
        [CancelReason] nvarchar(500) NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_FollowUps] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FollowUps_ConsultRooms_ConsultRoomId] FOREIGN KEY ([ConsultRoomId]) REFERENCES [ConsultRooms] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_Patients_PatientId] FOREIGN KEY ([PatientId]) REFERENCES [Patients] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_Series_SeriesId] FOREIGN KEY ([SeriesId]) REFERENCES [Series] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_Sessions_AfterSessionId] FOREIGN KEY ([AfterSessionId]) REFERENCES [Sessions] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_Sites_SiteId] FOREIGN KEY ([SiteId]) REFERENCES [Sites] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_Staff_ClinicianId] FOREIGN KEY ([ClinicianId]) REFERENCES [Staff] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUps_TreatmentPlans_PlanId] FOREIGN KEY ([PlanId]) REFERENCES [TreatmentPlans] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [SessionChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [SessionId] uniqueidentifier NULL,
        [Kind] nvarchar(30) NOT NULL,
        [At] datetime2 NOT NULL,
        [By] uniqueidentifier NOT NULL,
        [FromStart] datetime2 NULL,
        [ToStart] datetime2 NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_SessionChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SessionChanges_Sessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [Sessions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [SessionCheckpoints] (
        [Id] uniqueidentifier NOT NULL,
        [SessionId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(30) NOT NULL,
        [Values] nvarchar(max) NOT NULL,
        [ObservedAt] datetime2 NOT NULL,
        [RecordedAt] datetime2 NOT NULL,
        [AuthorId] uniqueidentifier NULL,
        [Source] nvarchar(10) NOT NULL,
        [SupersedesId] uniqueidentifier NULL,
        [CorrectionReason] nvarchar(500) NULL,
        CONSTRAINT [PK_SessionCheckpoints] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_SessionCheckpoints_Sessions_SessionId] FOREIGN KEY ([SessionId]) REFERENCES [Sessions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [FollowUpAssessments] (
        [Id] bigint NOT NULL IDENTITY,
        [PainBefore] int NOT NULL,
        [PainAfter] int NOT NULL,
        [OpioidUseChange] nvarchar(20) NOT NULL,
        [OpioidNote] nvarchar(1000) NULL,
        [SideEffects] nvarchar(2000) NULL,
        [FunctionNotes] nvarchar(4000) NULL,
        [MoodNotes] nvarchar(4000) NULL,
        [Decision] nvarchar(20) NOT NULL,
        [StopReason] nvarchar(500) NULL,
        [ReferTo] nvarchar(200) NULL,
        [BoosterPlanId] uniqueidentifier NULL,
        [SignedBy] uniqueidentifier NOT NULL,
        [SignedAt] datetime2 NOT NULL,
        [AmendmentReason] nvarchar(500) NULL,
        [FollowUpId] uniqueidentifier NULL,
        CONSTRAINT [PK_FollowUpAssessments] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FollowUpAssessments_FollowUps_FollowUpId] FOREIGN KEY ([FollowUpId]) REFERENCES [FollowUps] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_FollowUpAssessments_TreatmentPlans_BoosterPlanId] FOREIGN KEY ([BoosterPlanId]) REFERENCES [TreatmentPlans] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE TABLE [FollowUpChanges] (
        [Id] bigint NOT NULL IDENTITY,
        [FollowUpId] uniqueidentifier NULL,
        [Kind] nvarchar(30) NOT NULL,
        [At] datetime2 NOT NULL,
        [By] uniqueidentifier NOT NULL,
        [FromStart] datetime2 NULL,
        [ToStart] datetime2 NULL,
        [Reason] nvarchar(500) NULL,
        CONSTRAINT [PK_FollowUpChanges] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_FollowUpChanges_FollowUps_FollowUpId] FOREIGN KEY ([FollowUpId]) REFERENCES [FollowUps] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_Prefix] ON [ApiKeys] ([Prefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_ActorId_Id] ON [AuditEntries] ([ActorId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_AuditEntries_EntityType_EntityId_Id] ON [AuditEntries] ([EntityType], [EntityId], [Id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Chairs_SiteId_Name] ON [Chairs] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Closures_SiteId_StartsAt_EndsAt] ON [Closures] ([SiteId], [StartsAt], [EndsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_ConsultationChanges_ConsultationId] ON [ConsultationChanges] ([ConsultationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_ConsultationDecisions_ConsultationId] ON [ConsultationDecisions] ([ConsultationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Consultations_ClinicianId] ON [Consultations] ([ClinicianId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Consultations_ConsultRoomId] ON [Consultations] ([ConsultRoomId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Consultations_PatientId_StartsAt] ON [Consultations] ([PatientId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Consultations_SiteId_StartsAt] ON [Consultations] ([SiteId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_ConsultationScreening_ConsultationId] ON [ConsultationScreening] ([ConsultationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ConsultRooms_SiteId_Name] ON [ConsultRooms] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_EscortConfirmationTokens_ReminderId] ON [EscortConfirmationTokens] ([ReminderId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_EscortConfirmationTokens_SessionId] ON [EscortConfirmationTokens] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_EscortConfirmationTokens_TokenHash] ON [EscortConfirmationTokens] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUpAssessments_BoosterPlanId] ON [FollowUpAssessments] ([BoosterPlanId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUpAssessments_FollowUpId] ON [FollowUpAssessments] ([FollowUpId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUpChanges_FollowUpId] ON [FollowUpChanges] ([FollowUpId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_AfterSessionId] ON [FollowUps] ([AfterSessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_ClinicianId] ON [FollowUps] ([ClinicianId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_ConsultRoomId] ON [FollowUps] ([ConsultRoomId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_FollowUps_OpenCourseSessionId] ON [FollowUps] ([OpenCourseSessionId]) WHERE [OpenCourseSessionId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_PatientId_StartsAt] ON [FollowUps] ([PatientId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_PlanId] ON [FollowUps] ([PlanId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_SeriesId] ON [FollowUps] ([SeriesId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_FollowUps_SiteId_StartsAt] ON [FollowUps] ([SiteId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_NurseShifts_NurseId_StartsAt] ON [NurseShifts] ([NurseId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_NurseShifts_SiteId_StartsAt_EndsAt] ON [NurseShifts] ([SiteId], [StartsAt], [EndsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Occupancy_BookingType_BookingId] ON [Occupancy] ([BookingType], [BookingId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Occupancy_Resource_ResourceId_SlotStart_Unit] ON [Occupancy] ([Resource], [ResourceId], [SlotStart], [Unit]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Occupancy_SlotStart_Resource] ON [Occupancy] ([SlotStart], [Resource]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PatientExternalIds_PatientId_System] ON [PatientExternalIds] ([PatientId], [System]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds] ([System], [Value]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_DateOfBirth] ON [Patients] ([DateOfBirth]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_FamilyNameKey_GivenNameKey] ON [Patients] ([FamilyNameKey], [GivenNameKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_HomeSiteId] ON [Patients] ([HomeSiteId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Patients_Phone] ON [Patients] ([Phone]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_PrescriptionLines_PlanVersionId] ON [PrescriptionLines] ([PlanVersionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_RecoveryBays_SiteId_Name] ON [RecoveryBays] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_ReminderPolicies_SiteId_Kind] ON [ReminderPolicies] ([SiteId], [Kind]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Reminders_PatientId_DueAt] ON [Reminders] ([PatientId], [DueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Reminders_SiteId] ON [Reminders] ([SiteId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Reminders_State_NextAttemptAt] ON [Reminders] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Reminders_TargetType_TargetId] ON [Reminders] ([TargetType], [TargetId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Series_IdempotencyKey] ON [Series] ([IdempotencyKey]) WHERE [IdempotencyKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Series_PatientId] ON [Series] ([PatientId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Series_PlanId] ON [Series] ([PlanId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Series_SiteId] ON [Series] ([SiteId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_SessionChanges_SessionId] ON [SessionChanges] ([SessionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_SessionCheckpoints_SessionId_RecordedAt] ON [SessionCheckpoints] ([SessionId], [RecordedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_SessionCheckpoints_SupersedesId] ON [SessionCheckpoints] ([SupersedesId]) WHERE [SupersedesId] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Sessions_ChairId] ON [Sessions] ([ChairId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Sessions_PatientId_StartsAt] ON [Sessions] ([PatientId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Sessions_PlanVersionId] ON [Sessions] ([PlanVersionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Sessions_SeriesId_Sequence] ON [Sessions] ([SeriesId], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_Sessions_SiteId_StartsAt] ON [Sessions] ([SiteId], [StartsAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_SiteOpeningHours_SiteId] ON [SiteOpeningHours] ([SiteId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Staff_Email] ON [Staff] ([Email]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_TreatmentPlans_ConsultationId] ON [TreatmentPlans] ([ConsultationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_TreatmentPlans_FollowUpId] ON [TreatmentPlans] ([FollowUpId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE INDEX [IX_TreatmentPlans_PatientId_CreatedAt] ON [TreatmentPlans] ([PatientId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_TreatmentPlanVersions_PlanId_Number] ON [TreatmentPlanVersions] ([PlanId], [Number]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261121083355_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121083355_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175125_SharedKeyRingAndHealthProbe'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(200) NULL,
        [Xml] nvarchar(max) NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175125_SharedKeyRingAndHealthProbe'
)
BEGIN
    CREATE TABLE [HealthProbes] (
        [Id] int NOT NULL,
        [CheckedAt] datetime2 NOT NULL,
        CONSTRAINT [PK_HealthProbes] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175125_SharedKeyRingAndHealthProbe'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129175125_SharedKeyRingAndHealthProbe', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175637_DecimalsKeepEnteredScale'
)
BEGIN
    DECLARE @var nvarchar(max);
    SELECT @var = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[TreatmentPlanVersions]') AND [c].[name] = N'FastingHours');
    IF @var IS NOT NULL EXEC(N'ALTER TABLE [TreatmentPlanVersions] DROP CONSTRAINT ' + @var + ';');
    ALTER TABLE [TreatmentPlanVersions] ALTER COLUMN [FastingHours] varchar(40) NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175637_DecimalsKeepEnteredScale'
)
BEGIN
    DECLARE @var1 nvarchar(max);
    SELECT @var1 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[PrescriptionLines]') AND [c].[name] = N'RateValue');
    IF @var1 IS NOT NULL EXEC(N'ALTER TABLE [PrescriptionLines] DROP CONSTRAINT ' + @var1 + ';');
    ALTER TABLE [PrescriptionLines] ALTER COLUMN [RateValue] varchar(40) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175637_DecimalsKeepEnteredScale'
)
BEGIN
    DECLARE @var2 nvarchar(max);
    SELECT @var2 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[PrescriptionLines]') AND [c].[name] = N'DoseValue');
    IF @var2 IS NOT NULL EXEC(N'ALTER TABLE [PrescriptionLines] DROP CONSTRAINT ' + @var2 + ';');
    ALTER TABLE [PrescriptionLines] ALTER COLUMN [DoseValue] varchar(40) NOT NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129175637_DecimalsKeepEnteredScale'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129175637_DecimalsKeepEnteredScale', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_Series_IdempotencyKey] ON [Series];
    DECLARE @var3 nvarchar(max);
    SELECT @var3 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Series]') AND [c].[name] = N'IdempotencyKey');
    IF @var3 IS NOT NULL EXEC(N'ALTER TABLE [Series] DROP CONSTRAINT ' + @var3 + ';');
    ALTER TABLE [Series] ALTER COLUMN [IdempotencyKey] nvarchar(100) COLLATE Latin1_General_100_BIN2 NULL;
    EXEC(N'CREATE UNIQUE INDEX [IX_Series_IdempotencyKey] ON [Series] ([IdempotencyKey]) WHERE [IdempotencyKey] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_RecoveryBays_SiteId_Name] ON [RecoveryBays];
    DECLARE @var4 nvarchar(max);
    SELECT @var4 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[RecoveryBays]') AND [c].[name] = N'Name');
    IF @var4 IS NOT NULL EXEC(N'ALTER TABLE [RecoveryBays] DROP CONSTRAINT ' + @var4 + ';');
    ALTER TABLE [RecoveryBays] ALTER COLUMN [Name] nvarchar(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
    CREATE UNIQUE INDEX [IX_RecoveryBays_SiteId_Name] ON [RecoveryBays] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds];
    DECLARE @var5 nvarchar(max);
    SELECT @var5 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[PatientExternalIds]') AND [c].[name] = N'Value');
    IF @var5 IS NOT NULL EXEC(N'ALTER TABLE [PatientExternalIds] DROP CONSTRAINT ' + @var5 + ';');
    ALTER TABLE [PatientExternalIds] ALTER COLUMN [Value] nvarchar(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
    CREATE UNIQUE INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds] ([System], [Value]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_PatientExternalIds_PatientId_System] ON [PatientExternalIds];
    DROP INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds];
    DECLARE @var6 nvarchar(max);
    SELECT @var6 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[PatientExternalIds]') AND [c].[name] = N'System');
    IF @var6 IS NOT NULL EXEC(N'ALTER TABLE [PatientExternalIds] DROP CONSTRAINT ' + @var6 + ';');
    ALTER TABLE [PatientExternalIds] ALTER COLUMN [System] nvarchar(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
    CREATE UNIQUE INDEX [IX_PatientExternalIds_PatientId_System] ON [PatientExternalIds] ([PatientId], [System]);
    CREATE UNIQUE INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds] ([System], [Value]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_EscortConfirmationTokens_TokenHash] ON [EscortConfirmationTokens];
    DECLARE @var7 nvarchar(max);
    SELECT @var7 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[EscortConfirmationTokens]') AND [c].[name] = N'TokenHash');
    IF @var7 IS NOT NULL EXEC(N'ALTER TABLE [EscortConfirmationTokens] DROP CONSTRAINT ' + @var7 + ';');
    ALTER TABLE [EscortConfirmationTokens] ALTER COLUMN [TokenHash] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_EscortConfirmationTokens_TokenHash] ON [EscortConfirmationTokens] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_ConsultRooms_SiteId_Name] ON [ConsultRooms];
    DECLARE @var8 nvarchar(max);
    SELECT @var8 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ConsultRooms]') AND [c].[name] = N'Name');
    IF @var8 IS NOT NULL EXEC(N'ALTER TABLE [ConsultRooms] DROP CONSTRAINT ' + @var8 + ';');
    ALTER TABLE [ConsultRooms] ALTER COLUMN [Name] nvarchar(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
    CREATE UNIQUE INDEX [IX_ConsultRooms_SiteId_Name] ON [ConsultRooms] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_Chairs_SiteId_Name] ON [Chairs];
    DECLARE @var9 nvarchar(max);
    SELECT @var9 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Chairs]') AND [c].[name] = N'Name');
    IF @var9 IS NOT NULL EXEC(N'ALTER TABLE [Chairs] DROP CONSTRAINT ' + @var9 + ';');
    ALTER TABLE [Chairs] ALTER COLUMN [Name] nvarchar(100) COLLATE Latin1_General_100_CI_AS NOT NULL;
    CREATE UNIQUE INDEX [IX_Chairs_SiteId_Name] ON [Chairs] ([SiteId], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    DROP INDEX [IX_ApiKeys_Prefix] ON [ApiKeys];
    DECLARE @var10 nvarchar(max);
    SELECT @var10 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[ApiKeys]') AND [c].[name] = N'Prefix');
    IF @var10 IS NOT NULL EXEC(N'ALTER TABLE [ApiKeys] DROP CONSTRAINT ' + @var10 + ';');
    ALTER TABLE [ApiKeys] ALTER COLUMN [Prefix] nvarchar(32) COLLATE Latin1_General_100_BIN2 NOT NULL;
    CREATE UNIQUE INDEX [IX_ApiKeys_Prefix] ON [ApiKeys] ([Prefix]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129181657_CaseRules'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129181657_CaseRules', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    DECLARE @var11 nvarchar(max);
    SELECT @var11 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Staff]') AND [c].[name] = N'FailedLoginCount');
    IF @var11 IS NOT NULL EXEC(N'ALTER TABLE [Staff] DROP CONSTRAINT ' + @var11 + ';');
    ALTER TABLE [Staff] DROP COLUMN [FailedLoginCount];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    DECLARE @var12 nvarchar(max);
    SELECT @var12 = QUOTENAME([d].[name])
    FROM [sys].[default_constraints] [d]
    INNER JOIN [sys].[columns] [c] ON [d].[parent_column_id] = [c].[column_id] AND [d].[parent_object_id] = [c].[object_id]
    WHERE ([d].[parent_object_id] = OBJECT_ID(N'[Staff]') AND [c].[name] = N'LockedUntil');
    IF @var12 IS NOT NULL EXEC(N'ALTER TABLE [Staff] DROP CONSTRAINT ' + @var12 + ';');
    ALTER TABLE [Staff] DROP COLUMN [LockedUntil];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    CREATE TABLE [SignInLockouts] (
        [Id] uniqueidentifier NOT NULL,
        [AccountKey] nvarchar(64) NOT NULL,
        [ClientAddress] nvarchar(64) NOT NULL,
        [StaffId] uniqueidentifier NULL,
        [FailedCount] int NOT NULL,
        [LockedUntil] datetime2 NULL,
        [LastFailureAt] datetime2 NOT NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_SignInLockouts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    CREATE TABLE [StaffSignIns] (
        [Id] uniqueidentifier NOT NULL,
        [StaffId] uniqueidentifier NOT NULL,
        [SecurityStamp] uniqueidentifier NOT NULL,
        [RefreshTokenHash] nvarchar(64) NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [ExpiresAt] datetime2 NOT NULL,
        [LastRefreshedAt] datetime2 NULL,
        [RefreshCount] int NOT NULL,
        [RevokedAt] datetime2 NULL,
        [RevokedReason] nvarchar(40) NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_StaffSignIns] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_StaffSignIns_Staff_StaffId] FOREIGN KEY ([StaffId]) REFERENCES [Staff] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    CREATE UNIQUE INDEX [IX_SignInLockouts_AccountKey_ClientAddress] ON [SignInLockouts] ([AccountKey], [ClientAddress]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    CREATE INDEX [IX_StaffSignIns_StaffId] ON [StaffSignIns] ([StaffId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129183027_SignInsAndLockouts'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129183027_SignInsAndLockouts', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129190955_AuditReadRecords'
)
BEGIN
    ALTER TABLE [AuditEntries] ADD [Records] nvarchar(max) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129190955_AuditReadRecords'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129190955_AuditReadRecords', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookEvents] (
        [Id] uniqueidentifier NOT NULL,
        [Type] nvarchar(60) NOT NULL,
        [OccurredAt] datetime2 NOT NULL,
        [EntityType] nvarchar(40) NOT NULL,
        [EntityId] uniqueidentifier NOT NULL,
        [Payload] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_WebhookEvents] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookSubscriptions] (
        [Id] uniqueidentifier NOT NULL,
        [Url] nvarchar(2000) NOT NULL,
        [EventTypes] nvarchar(2000) NOT NULL,
        [Description] nvarchar(200) NULL,
        [Secret] nvarchar(100) NOT NULL,
        [PreviousSecret] nvarchar(100) NULL,
        [PreviousSecretUntil] datetime2 NULL,
        [Enabled] bit NOT NULL,
        [FailingSince] datetime2 NULL,
        [LastFailure] nvarchar(400) NULL,
        [CreatedAt] datetime2 NOT NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [SecretRotatedAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_WebhookSubscriptions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookDeliveries] (
        [Id] uniqueidentifier NOT NULL,
        [EventId] uniqueidentifier NOT NULL,
        [SubscriptionId] uniqueidentifier NOT NULL,
        [EventType] nvarchar(60) NOT NULL,
        [State] nvarchar(12) NOT NULL,
        [Attempts] int NOT NULL,
        [NextAttemptAt] datetime2 NOT NULL,
        [LeaseOwner] nvarchar(100) NULL,
        [LeaseUntil] datetime2 NULL,
        [LastStatusCode] int NULL,
        [LastError] nvarchar(400) NULL,
        [DeliveredAt] datetime2 NULL,
        [CreatedAt] datetime2 NOT NULL,
        [Redelivered] bit NOT NULL,
        CONSTRAINT [PK_WebhookDeliveries] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_WebhookDeliveries_WebhookEvents_EventId] FOREIGN KEY ([EventId]) REFERENCES [WebhookEvents] ([Id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_WebhookDeliveries_WebhookSubscriptions_SubscriptionId] FOREIGN KEY ([SubscriptionId]) REFERENCES [WebhookSubscriptions] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE TABLE [WebhookAttempts] (
        [Id] uniqueidentifier NOT NULL,
        [DeliveryId] uniqueidentifier NOT NULL,
        [SubscriptionId] uniqueidentifier NOT NULL,
        [EventId] uniqueidentifier NOT NULL,
        [EventType] nvarchar(60) NOT NULL,
        [Attempt] int NOT NULL,
        [AttemptedAt] datetime2 NOT NULL,
        [StatusCode] int NULL,
        [DurationMs] bigint NOT NULL,
        [Error] nvarchar(400) NULL,
        [Manual] bit NOT NULL,
        CONSTRAINT [PK_WebhookAttempts] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_WebhookAttempts_WebhookDeliveries_DeliveryId] FOREIGN KEY ([DeliveryId]) REFERENCES [WebhookDeliveries] ([Id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookAttempts_DeliveryId] ON [WebhookAttempts] ([DeliveryId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookAttempts_SubscriptionId_AttemptedAt] ON [WebhookAttempts] ([SubscriptionId], [AttemptedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE UNIQUE INDEX [IX_WebhookDeliveries_EventId_SubscriptionId] ON [WebhookDeliveries] ([EventId], [SubscriptionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_State_NextAttemptAt] ON [WebhookDeliveries] ([State], [NextAttemptAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookDeliveries_SubscriptionId_CreatedAt] ON [WebhookDeliveries] ([SubscriptionId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookEvents_EntityType_EntityId_OccurredAt] ON [WebhookEvents] ([EntityType], [EntityId], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    CREATE INDEX [IX_WebhookSubscriptions_FailingSince] ON [WebhookSubscriptions] ([FailingSince]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129211335_Webhooks'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129211335_Webhooks', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129212702_CalendarFeeds'
)
BEGIN
    CREATE TABLE [CalendarFeeds] (
        [Id] uniqueidentifier NOT NULL,
        [OwnerId] uniqueidentifier NOT NULL,
        [Kind] nvarchar(20) NOT NULL,
        [SiteId] uniqueidentifier NULL,
        [Name] nvarchar(100) NOT NULL,
        [TokenHash] nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL,
        [CreatedAt] datetime2 NOT NULL,
        [RevokedAt] datetime2 NULL,
        [Version] int NOT NULL,
        CONSTRAINT [PK_CalendarFeeds] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129212702_CalendarFeeds'
)
BEGIN
    CREATE INDEX [IX_CalendarFeeds_OwnerId] ON [CalendarFeeds] ([OwnerId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129212702_CalendarFeeds'
)
BEGIN
    CREATE UNIQUE INDEX [IX_CalendarFeeds_TokenHash] ON [CalendarFeeds] ([TokenHash]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261129212702_CalendarFeeds'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261129212702_CalendarFeeds', N'10.0.15');
END;

COMMIT;
GO

