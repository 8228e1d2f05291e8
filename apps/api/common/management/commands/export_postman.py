"""`manage.py export_postman [--output FILE]`: the OpenAPI document of every dialect
as a Postman collection (v2.1), one folder per dialect; see README "Postman"."""

import json

from django.core.management.base import BaseCommand
from drf_spectacular.generators import SchemaGenerator

from apps.api.common.postman import postman_collection


class Command(BaseCommand):
    help = "Write Remit's API as a Postman collection (v2.1 JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="File to write (default: standard output)."
        )

    def handle(self, *args, output=None, **options):
        document = SchemaGenerator().get_schema(request=None, public=True)
        # drf-spectacular's document holds lazy strings; a JSON round trip through
        # str() makes it plain data first.
        document = json.loads(json.dumps(document, default=str))
        text = json.dumps(postman_collection(document), indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            count = text.count('"request":')
            self.stderr.write(f"Wrote {count} requests to {output}.")
        else:
            self.stdout.write(text, ending="")
