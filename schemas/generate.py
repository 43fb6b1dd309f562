#!/usr/bin/env python3
"""Generate the JSON Schemas of this folder from one table of Attio event types.

Run without arguments to rewrite the schema files next to this script, with
--check to list stale files and exit 1, or with --output-dir DIR to write the
same files under DIR (the unit tests compare that output with the committed
files).

Every schema is JSON Schema draft-04 because RapidJSON 1.1.0, the validator the
C++ tests use, implements only that draft.
"""

import argparse
import json
import pathlib
import sys

DRAFT_04 = "http://json-schema.org/draft-04/schema#"

# RapidJSON 1.1.0 compiles patterns with its own small regex engine: no \d or \w
# classes, and a pattern it cannot parse is silently ignored. Patterns here use
# only literal characters, [a-z] ranges, groups, | and {n} quantifiers.
UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

# RFC 3339 date-time in UTC with exactly three fractional digits, for example
# 2026-03-01T09:30:00.123Z. Second 60 is allowed for leap seconds.
TIME_UTC_MILLIS = (
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    "T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)\\.[0-9]{3}Z$"
)

# Fields of a comment event that sit next to `id`. `list_id` and `entry_id` are
# null when the comment is on a record rather than on a list entry.
COMMENT_FIELDS = ["thread_id", "object_id", "record_id", "list_id", "entry_id"]
COMMENT_NULLABLE = {"list_id", "entry_id"}
PARENT_FIELDS = ["parent_object_id", "parent_record_id"]

# One row per family of event types. A row contains the family prefix, the
# CloudEvent subject template and the family's event types. Each event type
# lists the keys of `id` besides workspace_id and its top-level fields besides
# event_type, id and actor. Subject templates name keys of the event's `id`.
FAMILIES = [
    (
        "record",
        "objects/{object_id}/records/{record_id}",
        [
            ("record.created", ["object_id", "record_id"], []),
            ("record.updated", ["object_id", "record_id", "attribute_id"], []),
            ("record.deleted", ["object_id", "record_id"], []),
            (
                "record.merged",
                ["object_id", "record_id"],
                ["duplicate_object_id", "duplicate_record_id"],
            ),
        ],
    ),
    (
        "list-entry",
        "lists/{list_id}/entries/{entry_id}",
        [
            ("list-entry.created", ["list_id", "entry_id"], PARENT_FIELDS),
            ("list-entry.updated", ["list_id", "entry_id", "attribute_id"], PARENT_FIELDS),
            ("list-entry.deleted", ["list_id", "entry_id"], PARENT_FIELDS),
        ],
    ),
    (
        "note",
        "notes/{note_id}",
        [
            ("note.created", ["note_id"], PARENT_FIELDS),
            ("note.updated", ["note_id"], PARENT_FIELDS),
            ("note.deleted", ["note_id"], PARENT_FIELDS),
        ],
    ),
    (
        "note-content",
        "notes/{note_id}",
        [("note-content.updated", ["note_id"], PARENT_FIELDS)],
    ),
    (
        "task",
        "tasks/{task_id}",
        [
            ("task.created", ["task_id"], []),
            ("task.updated", ["task_id"], []),
            ("task.deleted", ["task_id"], []),
        ],
    ),
    (
        "comment",
        "comments/{comment_id}",
        [
            ("comment.created", ["comment_id"], COMMENT_FIELDS),
            ("comment.resolved", ["comment_id"], COMMENT_FIELDS),
            ("comment.unresolved", ["comment_id"], COMMENT_FIELDS),
            ("comment.deleted", ["comment_id"], COMMENT_FIELDS),
        ],
    ),
    (
        "list",
        "lists/{list_id}",
        [
            ("list.created", ["list_id"], []),
            ("list.updated", ["list_id"], []),
            ("list.deleted", ["list_id"], []),
        ],
    ),
    (
        "object-attribute",
        "objects/{object_id}/attributes/{attribute_id}",
        [
            ("object-attribute.created", ["object_id", "attribute_id"], []),
            ("object-attribute.updated", ["object_id", "attribute_id"], []),
        ],
    ),
    (
        "list-attribute",
        "lists/{list_id}/attributes/{attribute_id}",
        [
            ("list-attribute.created", ["list_id", "attribute_id"], []),
            ("list-attribute.updated", ["list_id", "attribute_id"], []),
        ],
    ),
    (
        "workspace-member",
        "workspace-members/{workspace_member_id}",
        [("workspace-member.created", ["workspace_member_id"], [])],
    ),
    (
        "call-recording",
        "meetings/{meeting_id}/call-recordings/{call_recording_id}",
        [("call-recording.created", ["meeting_id", "call_recording_id"], [])],
    ),
    (
        "activity",
        "activities/{activity_id}",
        [
            ("activity.created", ["activity_id"], []),
            ("activity.updated", ["activity_id"], []),
            ("activity.deleted", ["activity_id"], []),
        ],
    ),
    (
        "activity-attribute",
        "activities/{activity_id}/attributes/{attribute_id}",
        [
            ("activity-attribute.created", ["activity_id", "attribute_id"], []),
            ("activity-attribute.updated", ["activity_id", "attribute_id"], []),
        ],
    ),
    (
        "activity-record",
        "activities/{activity_id}/records/{record_id}",
        [
            ("activity-record.created", ["activity_id", "record_id"], []),
            ("activity-record.deleted", ["activity_id", "record_id"], []),
        ],
    ),
]


def event_types():
    return [name for _, _, events in FAMILIES for name, _, _ in events]


def uuid_schema():
    return {"type": "string", "pattern": "^" + UUID + "$"}


def nullable_uuid_schema():
    return {"type": ["string", "null"], "pattern": "^" + UUID + "$"}


def event_file(name):
    return "events/" + name + ".schema.json"


def subject_pattern(template):
    """Turn a subject template into an anchored pattern with a UUID per key."""
    pattern = ""
    rest = template
    while "{" in rest:
        literal, _, after = rest.partition("{")
        _, _, rest = after.partition("}")
        pattern += literal + UUID
    return "^" + pattern + rest + "$"


def event_schema(name, id_keys, extra_fields):
    id_properties = {"workspace_id": uuid_schema()}
    for key in id_keys:
        id_properties[key] = uuid_schema()

    properties = {
        "event_type": {"enum": [name]},
        "id": {
            "type": "object",
            "required": ["workspace_id"] + id_keys,
            "properties": id_properties,
        },
    }
    for field in extra_fields:
        if field in COMMENT_NULLABLE:
            properties[field] = nullable_uuid_schema()
        else:
            properties[field] = uuid_schema()
    properties["actor"] = {
        "type": "object",
        "required": ["type", "id"],
        "properties": {
            "type": {"type": ["string", "null"]},
            "id": {"type": ["string", "null"]},
        },
    }

    return {
        "$schema": DRAFT_04,
        "title": "Attio " + name + " event",
        "description": (
            "One element of the events array of an Attio webhook delivery. "
            "Fields beyond the listed ones are allowed because Attio may add them."
        ),
        "type": "object",
        "required": ["event_type", "id"] + extra_fields + ["actor"],
        "properties": properties,
    }


def attio_event_schema():
    branches = [{"$ref": event_file(name)} for name in event_types()]
    branches.append({"$ref": "#/definitions/unknown_event"})
    return {
        "$schema": DRAFT_04,
        "title": "Attio webhook event",
        "description": (
            "Any event Attio sends: a known event type must match its own schema, "
            "and an event type not listed here passes with the minimal shape of "
            "unknown_event, because Attio adds event types over time."
        ),
        "discriminator": {"propertyName": "event_type"},
        "oneOf": branches,
        "definitions": {
            "unknown_event": {
                "type": "object",
                "required": ["event_type", "id", "actor"],
                "properties": {
                    "event_type": {"type": "string", "not": {"enum": event_types()}},
                    "id": {
                        "type": "object",
                        "required": ["workspace_id"],
                        "properties": {"workspace_id": uuid_schema()},
                    },
                    "actor": {"type": "object"},
                },
            }
        },
    }


def delivery_schema():
    return {
        "$schema": DRAFT_04,
        "title": "Attio webhook delivery",
        "description": "Request body of one webhook delivery from Attio.",
        "type": "object",
        "required": ["webhook_id", "events"],
        "properties": {
            "webhook_id": uuid_schema(),
            "events": {"type": "array", "items": {"$ref": "attio-event.schema.json"}},
        },
    }


def cloudevent_schema():
    branches = []
    for _, template, events in FAMILIES:
        for name, _, _ in events:
            branches.append(
                {
                    "properties": {
                        "type": {"enum": ["com.attio." + name]},
                        "subject": {"pattern": subject_pattern(template)},
                        "data": {"$ref": event_file(name)},
                    }
                }
            )
    branches.append(
        {
            "properties": {
                "type": {"not": {"enum": ["com.attio." + name for name in event_types()]}},
                "data": {"$ref": "attio-event.schema.json#/definitions/unknown_event"},
            }
        }
    )
    slug = {"type": "string", "minLength": 1}
    return {
        "$schema": DRAFT_04,
        "title": "CloudEvent written by attio-kafka-bridge",
        "description": (
            "Structured-mode CloudEvents 1.0 JSON document carrying one Attio event "
            "as data. The oneOf branch chosen by type fixes the schema of data and "
            "the shape of subject."
        ),
        "type": "object",
        "required": [
            "specversion",
            "id",
            "source",
            "type",
            "subject",
            "time",
            "datacontenttype",
            "data",
            "attiowebhookid",
            "attioworkspaceid",
        ],
        "properties": {
            "specversion": {"enum": ["1.0"]},
            "id": {"type": "string", "minLength": 1},
            "source": {"type": "string", "pattern": "^urn:attio:workspace:" + UUID + "$"},
            "type": {"type": "string", "pattern": "^com\\.attio\\..+$"},
            "subject": {"type": "string", "minLength": 1},
            "time": {"type": "string", "pattern": TIME_UTC_MILLIS},
            "datacontenttype": {"enum": ["application/json"]},
            "data": {"type": "object"},
            "attiowebhookid": uuid_schema(),
            "attioworkspaceid": uuid_schema(),
            "attioobject": slug,
            "attiolist": slug,
            "attioattribute": slug,
        },
        "discriminator": {"propertyName": "type"},
        "oneOf": branches,
    }


def render(schema):
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def all_files():
    """Return a map from path relative to this folder to file content."""
    files = {
        "attio-delivery.schema.json": render(delivery_schema()),
        "attio-event.schema.json": render(attio_event_schema()),
        "cloudevent.schema.json": render(cloudevent_schema()),
    }
    for _, _, events in FAMILIES:
        for name, id_keys, extra_fields in events:
            files[event_file(name)] = render(event_schema(name, id_keys, extra_fields))
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    parser.add_argument("--output-dir", type=pathlib.Path, help="write the files under this directory instead")
    args = parser.parse_args()

    schemas_dir = pathlib.Path(__file__).resolve().parent
    output_dir = args.output_dir or schemas_dir
    files = all_files()

    if args.check:
        stale = [
            path
            for path, content in files.items()
            if not (schemas_dir / path).is_file()
            or (schemas_dir / path).read_text(encoding="utf-8") != content
        ]
        extra = sorted(
            "events/" + path.name
            for path in (schemas_dir / "events").glob("*.schema.json")
            if "events/" + path.name not in files
        )
        for path in stale:
            print("stale: " + path + " (run schemas/generate.py)", file=sys.stderr)
        for path in extra:
            print("not generated: " + path + " (delete it or add it to the table)", file=sys.stderr)
        return 1 if stale or extra else 0

    for path, content in files.items():
        target = output_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
