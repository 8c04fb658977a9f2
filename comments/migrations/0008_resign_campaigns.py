"""Stored campaign signatures recomputed with the filter's own MinHash family.

Until December 2026 the signatures were datasketch MinHashes; now they are
``spamfilter.similarity``'s (the family that also groups the training data's
near-duplicates). A look-up compares a new signature with the stored ones, so
the stored ones must come from the family the running code uses: this calls
``spamfilter.campaign_signature`` itself rather than a frozen copy. The tables
hold one window of comments (a day, plus held ones and a moderator's spam), so
this is quick.
"""

from django.db import migrations

CHUNK = 500


def resign(apps, schema_editor):
    import spamfilter

    Signature = apps.get_model("comments", "CampaignSignature")
    Band = apps.get_model("comments", "CampaignBand")
    Comment = apps.get_model("comments", "Comment")
    keys = list(Signature.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        bodies = dict(Comment.objects.filter(pk__in=chunk).values_list("pk", "body"))
        Band.objects.filter(signature_id__in=chunk).delete()
        bands = []
        for pk in chunk:
            # min_words=1: the comment was signed when it was saved; keep it.
            signature = spamfilter.campaign_signature(bodies.get(pk, ""), min_words=1)
            if signature is None:
                Signature.objects.filter(pk=pk).delete()
                continue
            Signature.objects.filter(pk=pk).update(values=signature.values)
            bands.extend(Band(band=band, signature_id=pk) for band in signature.bands)
        Band.objects.bulk_create(bands, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("comments", "0007_campaigns")]

    # Going back leaves the new signatures: the earlier code's look-up would
    # miss them, so copies of the last day would be caught from the next ones.
    operations = [migrations.RunPython(resign, migrations.RunPython.noop)]
