#!/usr/bin/env bash
# Regenerates the single "Initial" migration of each provider and the SQL Server script from the current model.
# Used while nothing is deployed: the migration history is squashed instead of growing a step per change.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
mig=src/InfusionClinic.Infrastructure/Persistence/Migrations
# Both sets go first: a build that still holds an old snapshot would make the new Initial an empty diff.
rm -f "$mig"/Sqlite/*.cs "$mig"/SqlServer/*.cs
dotnet build src/InfusionClinic.Api -v q -nologo >/dev/null
for p in Sqlite SqlServer; do
  dotnet ef migrations add Initial --no-build --project src/InfusionClinic.Infrastructure --startup-project src/InfusionClinic.Api \
    --context "${p}ClinicDbContext" --output-dir "Persistence/Migrations/$p" \
    --namespace "InfusionClinic.Infrastructure.Persistence.Migrations.$p" >/dev/null 2>&1 || {
      # design-time build needed after the previous set changed
      dotnet build src/InfusionClinic.Api -v q -nologo >/dev/null
      dotnet ef migrations add Initial --project src/InfusionClinic.Infrastructure --startup-project src/InfusionClinic.Api \
        --context "${p}ClinicDbContext" --output-dir "Persistence/Migrations/$p" \
        --namespace "InfusionClinic.Infrastructure.Persistence.Migrations.$p"; }
  # dotnet-ef 10 writes a fresh set's snapshot beside the project: move it home
  if [ -d src/InfusionClinic.Infrastructure/InfusionClinic ]; then
    find src/InfusionClinic.Infrastructure/InfusionClinic -name "*Snapshot.cs" -exec mv {} "$mig/$p/" \;
    rm -rf src/InfusionClinic.Infrastructure/InfusionClinic
  fi
done
dotnet build src/InfusionClinic.Api -v q -nologo >/dev/null
dotnet ef migrations script --idempotent --no-build --project src/InfusionClinic.Infrastructure --startup-project src/InfusionClinic.Api \
  --context SqlServerClinicDbContext -o db/sqlserver/infusionclinic.sql >/dev/null
ls "$mig"/*/
