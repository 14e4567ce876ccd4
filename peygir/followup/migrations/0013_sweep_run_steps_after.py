# A sweep run's steps are found above the highest step id when it began
# (`SweepRun.steps_after`), not through an index of runs: that index took an entry for
# each of 1.4 M steps in a first pass at 1 M. The index is dropped by name, not by
# AlterField, which on SQLite copies the whole table. Runs from before this have
# `steps_after` 0: their steps are still found, by reading every step.

from django.db import migrations, models

RUN_INDEX = "followup_sweepstep_run_af9fb75d"  # Django's name for it, on both databases


class Migration(migrations.Migration):
    dependencies = [("followup", "0012_sweep_step_checked_by_its_event")]

    operations = [
        migrations.AddField(
            model_name="sweeprun",
            name="steps_after",
            field=models.BigIntegerField(default=0, verbose_name="steps before the run"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sweepstep",
                    name="run",
                    field=models.UUIDField(blank=True, null=True, verbose_name="sweep run"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {RUN_INDEX}",
                    reverse_sql=f"CREATE INDEX {RUN_INDEX} ON followup_sweepstep (run)",
                ),
            ],
        ),
    ]
