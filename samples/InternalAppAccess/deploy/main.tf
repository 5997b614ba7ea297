# Terraform for the InternalAppAccess sample: the Lambda function (Native AOT on provided.al2023), its IAM role,
# and the Apono integration that points at it.
# Package first (x86_64; for arm64 publish with -r linux-arm64 and set architecture = "arm64"):
#   dotnet publish samples/InternalAppAccess -c Release -r linux-x64 -p:PublishAot=true -o samples/InternalAppAccess/publish
#   (cd samples/InternalAppAccess/publish && zip ../deploy/function.zip bootstrap)
#
# Trust model (docs/security.md): the apps the function may call (var.targets) and the secret holding their token
# are set here, at deploy time. The token's secret is referenced by ARN only: the function reads it at run time
# through the AWS Parameters and Secrets Lambda Extension, so its value is never in an environment variable nor in
# Terraform state. Apono's custom parameters only select a target by name.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    apono = {
      source  = "apono-io/apono"
      version = "~> 1.9.1"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "architecture" {
  type        = string
  default     = "x86_64"
  description = "Lambda architecture: x86_64 (publish with -r linux-x64) or arm64 (Graviton, publish with -r linux-arm64)."

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "targets" {
  type        = map(string)
  description = "The internal apps the function may call: target name => base URL of the app's REST API (absolute http/https URL, no query or credentials), e.g. { main = \"https://projects.internal.example.com/\" }. Apono's custom parameter `target` selects one by name."

  validation {
    condition     = length(var.targets) > 0 && alltrue([for name in keys(var.targets) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", name))])
    error_message = "targets needs at least one entry; names are letters, digits and underscores (they become environment variable names)."
  }
}

variable "default_target" {
  type        = string
  description = "The target name the Apono integration selects (a key of var.targets)."
}

variable "app_token_secret_arn" {
  type        = string
  description = "ARN of the Secrets Manager secret whose SecretString is the app's bearer token. Only its ARN is used here; the function reads the value at run time. If the secret is encrypted with a customer-managed KMS key, also allow kms:Decrypt on that key."
}

variable "parameters_secrets_extension_layer_arn" {
  type        = string
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for this region and architecture (AWS documents the ARNs per region, e.g. arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:<version>; the arm64 layer is named ...-Extension-Arm64)."
}

variable "apono_connector_id" {
  type        = string
  description = "The Apono connector that invokes the function (Apono > Connectors)."
}

variable "apono_integration_type" {
  type        = string
  description = "The `type` string of Apono's AWS Lambda Custom Integration. Not published by Apono: copy it from the integration's \"View as Code\" in Apono, or from GET /api/v2/integrations-catalog."
}

variable "apono_config_keys" {
  type = object({
    region            = string
    function_name     = string
    custom_parameters = string
  })
  description = "The integration_config key names Apono's Lambda integration uses for the AWS region, the function name and the custom parameters (a JSON object as one string). Not published by Apono: copy them from \"View as Code\" or GET /api/v2/integrations-catalog."
}

variable "connected_resource_types" {
  type        = list(string)
  description = "The resource types this integration serves (at least one); list-resources is asked once per type. Copy the names from \"View as Code\"."

  validation {
    condition     = length(var.connected_resource_types) > 0
    error_message = "connected_resource_types needs at least one resource type."
  }
}

variable "owner" {
  type = object({
    attribute_type          = string
    attribute_values        = list(string)
    source_integration_name = optional(string)
  })
  default     = null
  description = "Optional owner of the integration in Apono (e.g. the team that approves access)."
}

variable "subnet_ids" {
  type        = list(string)
  default     = []
  description = "Subnets that can reach the app, when it is only reachable inside a VPC."
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "alarm_actions" {
  type        = list(string)
  default     = []
  description = "ARNs (e.g. an SNS topic) the failed-grant and timeout alarms notify; empty for alarms without actions."
}

locals {
  function_name = "apono-internal-app-access"
  # One environment variable per allowed target: InternalApp__Targets__<name>__BaseUrl.
  target_variables = { for name, url in var.targets : "InternalApp__Targets__${name}__BaseUrl" => url }
}

provider "aws" {
  region = var.region
}

resource "aws_iam_role" "function" {
  name = "${local.function_name}-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "basic_execution" {
  role       = aws_iam_role.function.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "vpc_access" {
  role       = aws_iam_role.function.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

# The token's secret and nothing else.
resource "aws_iam_role_policy" "app_token" {
  name = "read-app-token"
  role = aws_iam_role.function.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "secretsmanager:GetSecretValue"
      Resource = var.app_token_secret_arn
    }]
  })
}

resource "aws_lambda_function" "internal_app_access" {
  function_name    = local.function_name
  description      = "Apono internal app access (Apono.Integration.Sdk InternalAppAccess sample)"
  role             = aws_iam_role.function.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = [var.architecture]
  layers           = [var.parameters_secrets_extension_layer_arn]
  filename         = "${path.module}/function.zip"
  source_code_hash = filebase64sha256("${path.module}/function.zip")
  memory_size      = 256
  timeout          = 60

  environment {
    variables = merge(local.target_variables, {
      InternalApp__TokenSecret                = "InternalAppToken"
      AponoSecrets__InternalAppToken__SecretId = var.app_token_secret_arn
      InternalApp__AttemptTimeout             = "00:00:05"
      InternalApp__TotalTimeout               = "00:00:20"
      InternalApp__MaxRetryAttempts           = "3"
    })
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  tags = {
    "apono-connector-access" = "true"
  }
}

resource "apono_resource_integration" "internal_app_access" {
  name                     = "Internal app access"
  type                     = var.apono_integration_type
  connector_id             = var.apono_connector_id
  connected_resource_types = var.connected_resource_types

  # A map of strings: the custom parameters are one JSON string.
  integration_config = {
    (var.apono_config_keys.region)            = var.region
    (var.apono_config_keys.function_name)     = aws_lambda_function.internal_app_access.function_name
    (var.apono_config_keys.custom_parameters) = jsonencode({ target = var.default_target })
  }

  owner = var.owner

  custom_access_details = "Your role appears in the app's project settings within a minute of approval."
}

# Alarms on the SDK's CloudWatch Embedded Metric Format metrics (namespace Apono/Integrations, docs/operations.md).
resource "aws_cloudwatch_metric_alarm" "failed_grants" {
  alarm_name          = "${local.function_name}-failed-grants"
  alarm_description   = "A grant-access invocation answered an error in the last 5 minutes (see the apono.audit records)."
  namespace           = "Apono/Integrations"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions

  dimensions = {
    FunctionName = aws_lambda_function.internal_app_access.function_name
    EventType    = "grant-access"
  }
}

resource "aws_cloudwatch_metric_alarm" "timeouts" {
  alarm_name          = "${local.function_name}-timeouts"
  alarm_description   = "An invocation answered Timeout in the last 5 minutes (the SDK stopped waiting before the Lambda deadline)."
  namespace           = "Apono/Integrations"
  metric_name         = "Timeouts"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions

  dimensions = {
    FunctionName = aws_lambda_function.internal_app_access.function_name
  }
}
