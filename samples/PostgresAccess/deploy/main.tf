# Terraform for the PostgresAccess sample: the Lambda function (Native AOT on provided.al2023) in the database's
# VPC, its IAM role (reading one secret only), and the Apono integration that points at it.
# Package first (the runtime identifier must match var.architecture: linux-x64 for x86_64, linux-arm64 for arm64):
#   dotnet publish samples/PostgresAccess -c Release -r linux-x64 -p:PublishAot=true -o samples/PostgresAccess/publish
#   (cd samples/PostgresAccess/publish && zip ../deploy/function.zip bootstrap)
#
# Trust model: the server, its admin user and the secret holding the admin password are set here, at deploy time.
# The integration's custom parameters only name the target ("main"). No secret value passes through Terraform: the
# function gets the secret's ARN and reads the value at run time through the AWS Parameters and Secrets Lambda
# Extension, so the password is in neither an environment variable nor the Terraform state.
#
# The AWS Lambda Custom Integration's Apono `type` string and the names of its integration_config keys are not
# public. Copy the type into var.apono_integration_type from Apono's "View as Code" output of an AWS Lambda Custom
# Integration in your tenant (or GET /api/v2/integrations-catalog), and the names of its three integration_config keys
# (region, function name, custom parameters) into var.apono_config_keys from the same output.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    apono = {
      source  = "apono-io/apono"
      version = "~> 1.9"
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
  description = "Lambda architecture: x86_64 (publish with -r linux-x64) or arm64 (publish with -r linux-arm64)."

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets that can reach the database."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to connect to the database port."
}

variable "postgres_host" {
  type        = string
  description = "Host name of the server, as its TLS certificate names it (the connection verifies chain and host name)."
}

variable "postgres_port" {
  type    = string
  default = "5432"
}

variable "postgres_database" {
  type        = string
  default     = "postgres"
  description = "Maintenance database; the function keeps its records (schema apono_access) there."
}

variable "postgres_admin_user" {
  type        = string
  default     = "apono_admin"
  description = "The role the function logs in as (a superuser, or CREATEROLE plus grant options on the managed objects)."
}

variable "admin_password_secret_arn" {
  type        = string
  description = "ARN of the Secrets Manager secret holding the admin password (plain text, or JSON with a \"password\" key as Amazon RDS writes it). Only the ARN reaches Terraform."
}

variable "admin_password_kms_key_arn" {
  type        = string
  default     = ""
  description = "ARN of the customer managed KMS key that encrypts the secret; empty for the AWS managed key."
}

variable "root_certificate_path" {
  type        = string
  default     = ""
  description = "Path of a PEM CA bundle inside the package the server certificate must chain to, e.g. /var/task/global-bundle.pem for Amazon RDS (zip it next to bootstrap). Empty: the system trust store."
}

variable "parameters_and_secrets_layer_arn" {
  type        = string
  description = "ARN of the AWS-Parameters-and-Secrets-Lambda-Extension layer for the region and architecture, from AWS's published table."
}

variable "apono_connector_id" {
  type        = string
  description = "The Apono connector that invokes the function."
}

variable "apono_integration_type" {
  type        = string
  description = "Apono's type string of the AWS Lambda Custom Integration: copy it from \"View as Code\" of such an integration in your tenant (or GET /api/v2/integrations-catalog)."
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
  default     = ["postgres-database", "postgres-schema"]
  description = "Resource types the integration serves (list-resources is asked once per type): the function declares postgres-database and postgres-schema and refuses any other name, so keep both or one of them; check in \"View as Code\" that the integration shows them."

  validation {
    condition     = length(var.connected_resource_types) > 0 && alltrue([for t in var.connected_resource_types : contains(["postgres-database", "postgres-schema"], t)])
    error_message = "connected_resource_types needs at least one resource type, each postgres-database or postgres-schema (the types the function declares)."
  }
}

variable "alarm_actions" {
  type        = list(string)
  default     = []
  description = "ARNs (e.g. an SNS topic) the failed-grant and timeout alarms notify; empty for alarms without actions."
}

locals {
  function_name = "apono-postgres-access"
  target_name   = "main"
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

# The one secret the function may read (and its customer managed key, when there is one).
resource "aws_iam_role_policy" "admin_secret" {
  name = "read-admin-password-secret"
  role = aws_iam_role.function.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = var.admin_password_secret_arn }],
      var.admin_password_kms_key_arn == "" ? [] : [{ Effect = "Allow", Action = "kms:Decrypt", Resource = var.admin_password_kms_key_arn }]
    )
  })
}

resource "aws_lambda_function" "postgres_access" {
  function_name    = local.function_name
  description      = "Apono PostgreSQL access (Apono.Integration.Sdk PostgresAccess sample)"
  role             = aws_iam_role.function.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = [var.architecture]
  filename         = "${path.module}/function.zip"
  source_code_hash = filebase64sha256("${path.module}/function.zip")
  memory_size      = 256
  timeout          = 60
  layers           = [var.parameters_and_secrets_layer_arn]

  environment {
    variables = merge(
      {
        "PostgresAccess__Targets__${local.target_name}__Host"        = var.postgres_host
        "PostgresAccess__Targets__${local.target_name}__Port"        = var.postgres_port
        "PostgresAccess__Targets__${local.target_name}__Database"    = var.postgres_database
        "PostgresAccess__Targets__${local.target_name}__AdminUser"   = var.postgres_admin_user
        "PostgresAccess__Targets__${local.target_name}__AdminSecret" = "PostgresAdmin"
        # The secret's ARN, not its value.
        "AponoSecrets__PostgresAdmin__SecretId" = var.admin_password_secret_arn
      },
      var.root_certificate_path == "" ? {} : { "PostgresAccess__Targets__${local.target_name}__RootCertificate" = var.root_certificate_path }
    )
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  tags = {
    "apono-connector-access" = "true"
  }
}

resource "apono_resource_integration" "postgres_access" {
  name                     = "PostgreSQL access"
  type                     = var.apono_integration_type
  connector_id             = var.apono_connector_id
  connected_resource_types = var.connected_resource_types

  # A map of strings: the custom parameters are one jsonencode()d value. They only select the deploy-time target.
  integration_config = {
    (var.apono_config_keys.region)            = var.region
    (var.apono_config_keys.function_name)     = aws_lambda_function.postgres_access.function_name
    (var.apono_config_keys.custom_parameters) = jsonencode({ target = local.target_name })
  }

  custom_access_details = "Log in as apono_<your e-mail's local part>_<32 hex digits> with the password Apono shows you; TLS required."
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
    FunctionName = aws_lambda_function.postgres_access.function_name
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
    FunctionName = aws_lambda_function.postgres_access.function_name
  }
}
