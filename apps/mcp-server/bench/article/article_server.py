# The seed article's MCP tool server, verbatim: awslabs.mcp_lambda_handler (PyPI
# awslabs-mcp-lambda-handler) serving one get_uuid tool from a Lambda handler.
# Only the benchmark imports it (bench/article-comparison.mjs); it is not deployed.
import uuid
from awslabs.mcp_lambda_handler import MCPLambdaHandler

mcp_server = MCPLambdaHandler(name="sample-uuid-mcp", version="1.0.0")

@mcp_server.tool()
def get_uuid() -> str:
    """Generate a new UUID v4"""
    return str(uuid.uuid4())

def handler(event, context):
    return mcp_server.handle_request(event, context)
