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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_ApiKeys_Prefix] ON [ApiKeys] ([Prefix]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_AuditEntries_ActorId_Id] ON [AuditEntries] ([ActorId], [Id]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_AuditEntries_EntityType_EntityId_Id] ON [AuditEntries] ([EntityType], [EntityId], [Id]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_Chairs_SiteId_Name] ON [Chairs] ([SiteId], [Name]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_ConsultRooms_SiteId_Name] ON [ConsultRooms] ([SiteId], [Name]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_PatientExternalIds_PatientId_System] ON [PatientExternalIds] ([PatientId], [System]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_PatientExternalIds_System_Value] ON [PatientExternalIds] ([System], [Value]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_Patients_DateOfBirth] ON [Patients] ([DateOfBirth]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_Patients_FamilyNameKey_GivenNameKey] ON [Patients] ([FamilyNameKey], [GivenNameKey]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_Patients_HomeSiteId] ON [Patients] ([HomeSiteId]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_Patients_Phone] ON [Patients] ([Phone]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_RecoveryBays_SiteId_Name] ON [RecoveryBays] ([SiteId], [Name]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE INDEX [IX_SiteOpeningHours_SiteId] ON [SiteOpeningHours] ([SiteId]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    CREATE UNIQUE INDEX [IX_Staff_Email] ON [Staff] ([Email]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121045610_Initial')
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121045610_Initial', N'6.0.7');
END;
GO

COMMIT;
GO

BEGIN TRANSACTION;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
BEGIN
    CREATE INDEX [IX_Closures_SiteId_StartsAt_EndsAt] ON [Closures] ([SiteId], [StartsAt], [EndsAt]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
BEGIN
    CREATE INDEX [IX_NurseShifts_NurseId_StartsAt] ON [NurseShifts] ([NurseId], [StartsAt]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
BEGIN
    CREATE INDEX [IX_NurseShifts_SiteId_StartsAt_EndsAt] ON [NurseShifts] ([SiteId], [StartsAt], [EndsAt]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050343_ClosuresAndNurseShifts')
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121050343_ClosuresAndNurseShifts', N'6.0.7');
END;
GO

COMMIT;
GO

BEGIN TRANSACTION;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050940_Occupancy')
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
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050940_Occupancy')
BEGIN
    CREATE INDEX [IX_Occupancy_BookingType_BookingId] ON [Occupancy] ([BookingType], [BookingId]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050940_Occupancy')
BEGIN
    CREATE UNIQUE INDEX [IX_Occupancy_Resource_ResourceId_SlotStart_Unit] ON [Occupancy] ([Resource], [ResourceId], [SlotStart], [Unit]);
END;
GO

IF NOT EXISTS(SELECT * FROM [__EFMigrationsHistory] WHERE [MigrationId] = N'20261121050940_Occupancy')
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261121050940_Occupancy', N'6.0.7');
END;
GO

COMMIT;
GO

