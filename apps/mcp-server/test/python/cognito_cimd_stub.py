"""A stand-in for Amazon Cognito's CIMD policy operations, held to Cognito's own API model.

moto (5.2.5) has no CIMD operations and there is no AWS account here, so the CIMD policy step's
AWS CLI calls are sent to this server instead (`--endpoint-url`). It is a hand-written fake: it
checks every request against the input shape of botocore's current `cognito-idp` model (members,
required members, types, length and range bounds, enums, the member patterns matched in full with
the `regex` module because they use \\p{..} classes), answers from an in-memory store of policies
per user pool, checks each answer against the output shape too, and records every call.

Usage: python cognito_cimd_stub.py <calls.jsonl>. Prints "listening <port>" once bound to 127.0.0.1:0.
A request that breaks the model gets 400 InvalidParameterException and is recorded with its violations.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import botocore
import botocore.session
import regex

MODEL = botocore.session.get_session().get_service_model("cognito-idp")
if "CreateCIMDPolicy" not in MODEL.operation_names:
    sys.exit(f"botocore {botocore.__version__} has no CIMD operations in its cognito-idp model (need >= 1.44.7)")
PREFIX = "AWSCognitoIdentityProviderService."


def check(value, shape, path, out):
    t = shape.type_name
    meta = shape.metadata
    if t == "structure":
        if not isinstance(value, dict):
            return out.append(f"{path}: expected object")
        for name in shape.required_members:
            if name not in value:
                out.append(f"{path}.{name}: required member missing")
        for name, member in value.items():
            if name not in shape.members:
                out.append(f"{path}.{name}: unknown member")
            else:
                check(member, shape.members[name], f"{path}.{name}", out)
    elif t == "list":
        if not isinstance(value, list):
            return out.append(f"{path}: expected list")
        if len(value) < meta.get("min", 0) or len(value) > meta.get("max", 1 << 31):
            out.append(f"{path}: {len(value)} items outside {meta.get('min')}..{meta.get('max')}")
        for i, item in enumerate(value):
            check(item, shape.member, f"{path}[{i}]", out)
    elif t == "string":
        if not isinstance(value, str):
            return out.append(f"{path}: expected string")
        if len(value) < meta.get("min", 0) or len(value) > meta.get("max", 1 << 31):
            out.append(f"{path}: length {len(value)} outside {meta.get('min')}..{meta.get('max')}")
        if "enum" in meta and value not in meta["enum"]:
            out.append(f"{path}: {value!r} not in {meta['enum']}")
        if "pattern" in meta and not regex.fullmatch(meta["pattern"], value):
            out.append(f"{path}: {value!r} does not match {meta['pattern']}")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            return out.append(f"{path}: expected integer")
        if value < meta.get("min", -(1 << 63)) or value > meta.get("max", 1 << 63):
            out.append(f"{path}: {value} outside {meta.get('min')}..{meta.get('max')}")
    elif t == "timestamp":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            out.append(f"{path}: expected epoch seconds")
    else:
        out.append(f"{path}: unexpected shape type {t}")


class Store:
    def __init__(self):
        self.policies = {}  # (pool, id) -> policy
        self.next_id = 1

    def error(self, kind, message):
        return 400, {"__type": kind, "message": message}

    def handle(self, op, req):
        pool = req.get("UserPoolId")
        key = (pool, req.get("CIMDPolicyId"))
        now = time.time()
        if op == "ListCIMDPolicies":
            items = [p for (pl, _), p in sorted(self.policies.items()) if pl == pool]
            fields = ("CIMDPolicyId", "ClientId", "PolicyName", "CacheDuration", "CreationDate", "LastModifiedDate")
            return 200, {"CIMDPolicies": [{k: p[k] for k in fields if k in p} for p in items]}
        if op == "CreateCIMDPolicy":
            if any(pl == pool and p["PolicyName"] == req["PolicyName"] for (pl, _), p in self.policies.items()):
                return self.error("InvalidParameterException", "A CIMD policy with this name already exists.")
            policy_id = f"cimd{self.next_id:08d}"
            self.next_id += 1
            policy = {"UserPoolId": pool, "CIMDPolicyId": policy_id, "CreationDate": now, "LastModifiedDate": now}
            policy.update({k: req[k] for k in ("ClientId", "PolicyName", "CacheDuration", "URLPatterns") if k in req})
            self.policies[(pool, policy_id)] = policy
            return 200, {"CIMDPolicy": policy}
        if key not in self.policies:
            return self.error("ResourceNotFoundException", "CIMD policy not found.")
        if op == "DescribeCIMDPolicy":
            return 200, {"CIMDPolicy": self.policies[key]}
        if op == "UpdateCIMDPolicy":
            policy = self.policies[key]
            policy.update({k: req[k] for k in ("ClientId", "PolicyName", "CacheDuration", "URLPatterns") if k in req})
            policy["LastModifiedDate"] = now
            return 200, {"CIMDPolicy": policy}
        if op == "DeleteCIMDPolicy":
            del self.policies[key]
            return 200, {}
        return self.error("InvalidAction", f"{op} is not emulated here")


def main():
    log_path = sys.argv[1]
    store = Store()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            target = self.headers.get("X-Amz-Target", "")
            op = target[len(PREFIX):] if target.startswith(PREFIX) else target
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            record = {"op": op, "request": None, "violations": [], "response_violations": []}
            try:
                request = json.loads(body or b"{}")
                record["request"] = request
                if op not in MODEL.operation_names:
                    status, answer = store.error("UnknownOperationException", op)
                else:
                    check(request, MODEL.operation_model(op).input_shape, op, record["violations"])
                    if record["violations"]:
                        status, answer = store.error("InvalidParameterException", "; ".join(record["violations"]))
                    else:
                        status, answer = store.handle(op, request)
                        if status == 200 and MODEL.operation_model(op).output_shape is not None:
                            check(answer, MODEL.operation_model(op).output_shape, f"{op}Response", record["response_violations"])
            except ValueError as error:
                status, answer = 400, {"__type": "SerializationException", "message": str(error)}
            with open(log_path, "a") as log:
                log.write(json.dumps(record) + "\n")
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
