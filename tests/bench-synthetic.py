#!/usr/bin/env python3
"""Writes a large synthetic OpenAPI 3.0 spec (JSON) for tests/bench-generate.sh.

usage: tests/bench-synthetic.py OUT.json [--schemas N] [--operations N]

The default is the shape of issue 13's 50 MB spec: 64,574 object schemas and
1,292 operations. Schemas have a mix of property kinds (strings with formats
and bounds, integers, numbers, booleans, enums, arrays, maps, `$ref`s to
other schemas, documented with descriptions), and the operations take path,
query and header parameters and JSON bodies and return schemas of the spec.
The output is deterministic (a fixed seed), so runs compare.
"""

import argparse
import json
import random

WORDS = (
    "account task job queue image video stream region zone policy rule "
    "record entry event alarm metric label tag owner group user role key "
    "secret token project folder bucket object file media track output "
    "input source target status state phase result report summary detail "
    "config setting option limit quota usage price plan order item batch"
).split()


def name(rng, parts):
    return "".join(rng.choice(WORDS).capitalize() for _ in range(parts))


def sentence(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text.capitalize() + "."


def prop(rng, schemas, index):
    kind = rng.randrange(10)
    doc = sentence(rng, rng.randrange(3, 10))
    if kind == 0:
        return {"type": "string", "description": doc, "maxLength": rng.randrange(8, 512)}
    if kind == 1:
        return {"type": "string", "format": "date-time", "description": doc}
    if kind == 2:
        return {"type": "integer", "format": "int64", "minimum": 0, "description": doc}
    if kind == 3:
        return {"type": "number", "format": "double", "description": doc}
    if kind == 4:
        return {"type": "boolean", "description": doc}
    if kind == 5:
        values = sorted({rng.choice(WORDS).upper() for _ in range(rng.randrange(2, 7))})
        return {"type": "string", "enum": values, "description": doc}
    if kind == 6:
        return {"type": "array", "items": {"type": "string"}, "description": doc}
    if kind == 7:
        return {"type": "object", "additionalProperties": {"type": "string"}, "description": doc}
    # References point backwards, so no type is unreachable and cycles stay rare.
    target = schemas[rng.randrange(max(index, 1))]
    if kind == 8:
        return {"$ref": f"#/components/schemas/{target}"}
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{target}"}, "description": doc}


def spec(schema_count, operation_count, rng):
    schemas = []
    seen = set()
    while len(schemas) < schema_count:
        candidate = name(rng, 3) + str(len(schemas))
        if candidate not in seen:
            seen.add(candidate)
            schemas.append(candidate)
    components = {}
    for index, schema in enumerate(schemas):
        properties = {}
        for _ in range(rng.randrange(2, 7)):
            properties[f"{rng.choice(WORDS)}_{rng.choice(WORDS)}_{len(properties)}"] = prop(
                rng, schemas, index
            )
        required = sorted(rng.sample(sorted(properties), rng.randrange(0, 3)))
        body = {
            "type": "object",
            "description": sentence(rng, rng.randrange(4, 12)),
            "properties": properties,
        }
        if required:
            body["required"] = required
        components[schema] = body
    paths = {}
    for index in range(operation_count):
        resource = f"/v1/{rng.choice(WORDS)}s{index}/{{id}}"
        response = schemas[rng.randrange(schema_count)]
        operation = {
            "operationId": f"{name(rng, 2)}Op{index}",
            "summary": sentence(rng, 6),
            "description": sentence(rng, 24),
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "pageSize", "in": "query", "schema": {"type": "integer", "maximum": 1000}},
                {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{response}"}
                        }
                    },
                }
            },
        }
        if index % 2:
            request = schemas[rng.randrange(schema_count)]
            operation["requestBody"] = {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}
                },
            }
            paths[resource] = {"post": operation}
        else:
            paths[resource] = {"get": operation}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0", "description": "A synthetic spec."},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--schemas", type=int, default=64574)
    parser.add_argument("--operations", type=int, default=1292)
    args = parser.parse_args()
    document = spec(args.schemas, args.operations, random.Random(13))
    with open(args.out, "w") as out:
        json.dump(document, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
