from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0006_moderationevent_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="campaign",
            field=models.CharField(
                blank=True,
                db_index=True,
                default="",
                max_length=32,
                verbose_name="kampanye",
            ),
        ),
        migrations.CreateModel(
            name="CampaignSignature",
            fields=[
                (
                    "comment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="comments.comment",
                    ),
                ),
                ("author", models.CharField(max_length=16)),
                ("values", models.BinaryField()),
                ("created", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.CreateModel(
            name="CampaignBand",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("band", models.BigIntegerField()),
                (
                    "signature",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bands",
                        to="comments.campaignsignature",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["band", "signature"], name="campaign_band_idx"
                    )
                ],
            },
        ),
    ]
