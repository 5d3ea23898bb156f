"""Checks rendered CreateUserPoolClient requests against Cognito's own API model and runs them through moto.

Reads one JSON object per stdin line: {"request": "<the body dcr-request.vtl rendered>"} or {"constraints": true}. For a
request, writes one line {"violations": [...], "response": {...} | null, "error": str | null}:
- violations: every way the body breaks the CreateUserPoolClient input shape of botocore's cognito-idp service model
  (unknown or missing members, wrong types, length/range bounds, enums, and the member patterns, matched in full with
  the `regex` module because they use \\p{..} classes);
- response: the UserPoolClient that moto's Cognito returns for it (boto3 validates the parameters client-side too),
  serialized as the awsJson 1.1 wire format would carry it (timestamps as epoch seconds). A request with violations is
  not sent: Cognito refuses it by those documented constraints, and moto would not.
For {"constraints": true} it writes the model's constraints of the members the emulator checks (cognito-input.ts).
"""
import datetime
import json
import sys

import boto3
import botocore.session
import regex
from moto import mock_aws

MODEL = botocore.session.get_session().get_service_model("cognito-idp")
SHAPE = MODEL.operation_model("CreateUserPoolClient").input_shape


def check(value, shape, path, out):
    t = shape.type_name
    meta = shape.metadata
    if t == "structure":
        if not isinstance(value, dict):
            out.append(f"{path}: expected object")
            return
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}.{name}: required member missing")
        for name, member_value in value.items():
            if name not in shape.members:
                out.append(f"{path}.{name}: unknown member")
            else:
                check(member_value, shape.members[name], f"{path}.{name}", out)
    elif t == "list":
        if not isinstance(value, list):
            out.append(f"{path}: expected list")
            return
        if "min" in meta and len(value) < meta["min"]:
            out.append(f"{path}: fewer than {meta['min']} items")
        if "max" in meta and len(value) > meta["max"]:
            out.append(f"{path}: more than {meta['max']} items")
        for i, item in enumerate(value):
            check(item, shape.member, f"{path}[{i}]", out)
    elif t == "string":
        if not isinstance(value, str):
            out.append(f"{path}: expected string")
            return
        if "min" in meta and len(value) < meta["min"]:
            out.append(f"{path}: shorter than {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            out.append(f"{path}: longer than {meta['max']}")
        if "enum" in meta and value not in meta["enum"]:
            out.append(f"{path}: {value!r} not in {meta['enum']}")
        if "pattern" in meta and not regex.fullmatch(meta["pattern"], value):
            out.append(f"{path}: {value!r} does not match {meta['pattern']}")
    elif t == "boolean":
        if not isinstance(value, bool):
            out.append(f"{path}: expected boolean")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            out.append(f"{path}: expected integer")
            return
        if "min" in meta and value < meta["min"]:
            out.append(f"{path}: below {meta['min']}")
        if "max" in meta and value > meta["max"]:
            out.append(f"{path}: above {meta['max']}")
    else:
        out.append(f"{path}: unexpected shape type {t}")


def wire(value):
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [wire(v) for v in value]
    return value


def main():
    with mock_aws():
        client = boto3.client("cognito-idp", region_name="eu-west-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        pool = client.create_user_pool(PoolName="mcp")["UserPool"]["Id"]
        client.create_resource_server(
            UserPoolId=pool, Identifier="mcp", Name="mcp",
            Scopes=[{"ScopeName": "tools", "ScopeDescription": "tools"}, {"ScopeName": "admin", "ScopeDescription": "admin"}],
        )
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            if job.get("constraints"):
                def rule(shape):
                    meta = shape.metadata
                    return {"min": meta.get("min"), "max": meta.get("max"), "pattern": meta.get("pattern")}
                out = {}
                for name in ("ClientName", "CallbackURLs", "AllowedOAuthScopes"):
                    member = SHAPE.members[name]
                    if member.type_name == "list":
                        out[name] = {"maxItems": member.metadata.get("max"), "member": rule(member.member)}
                    else:
                        out[name] = rule(member)
                sys.stdout.write(json.dumps(out) + "\n")
                continue
            body = job["request"]
            result = {"violations": [], "response": None, "error": None}
            try:
                request = json.loads(body)
                check(request, SHAPE, "CreateUserPoolClient", result["violations"])
                if result["violations"]:
                    sys.stdout.write(json.dumps(result) + "\n")
                    continue
                request["UserPoolId"] = pool
                result["response"] = wire(client.create_user_pool_client(**request))
                result["response"].pop("ResponseMetadata", None)
            except Exception as error:  # reported to the test, which fails on it
                result["error"] = f"{type(error).__name__}: {error}"
            sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
