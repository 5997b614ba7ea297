# Terraform for the PostgresAccess sample: the Lambda function (Native AOT on provided.al2023) in the database's
# VPC, its IAM role, and the Apono integration that points at it.
# Package first:
#   dotnet publish samples/PostgresAccess -c Release -r linux-x64 -p:PublishAot=true -o samples/PostgresAccess/publish
#   (cd samples/PostgresAccess/publish && zip ../deploy/function.zip bootstrap)
# The apono_resource_integration block follows Apono's "View as Code" output; copy the exact `type` and config
# keys from that output for your tenant if they differ.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    apono = {
      source = "apono-io/apono"
    }
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets that can reach the database."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups allowed to connect to the database port."
}

variable "admin_password_secret_arn" {
  type        = string
  description = "Secrets Manager secret whose JSON has a \"password\" key for the admin user."
}

variable "apono_connector_id" {
  type = string
}

variable "postgres_host" {
  type = string
}

variable "postgres_admin_user" {
  type    = string
  default = "apono_admin"
}

locals {
  function_name = "apono-postgres-access"
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

data "aws_secretsmanager_secret_version" "admin_password" {
  secret_id = var.admin_password_secret_arn
}

resource "aws_lambda_function" "postgres_access" {
  function_name    = local.function_name
  description      = "Apono PostgreSQL access (Apono.Integration.Sdk PostgresAccess sample)"
  role             = aws_iam_role.function.arn
  runtime          = "provided.al2023"
  handler          = "bootstrap"
  architectures    = ["x86_64"]
  filename         = "${path.module}/function.zip"
  source_code_hash = filebase64sha256("${path.module}/function.zip")
  memory_size      = 256
  timeout          = 60

  environment {
    variables = {
      POSTGRES_ADMIN_PASSWORD = jsondecode(data.aws_secretsmanager_secret_version.admin_password.secret_string)["password"]
    }
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
  name         = "PostgreSQL access"
  type         = "aws-lambda-custom-integration"
  connector_id = var.apono_connector_id

  integration_config = {
    region        = var.region
    function_name = aws_lambda_function.postgres_access.function_name
    custom_parameters = jsonencode({
      host         = var.postgres_host
      port         = "5432"
      database     = "postgres"
      admin_user   = var.postgres_admin_user
      password_env = "POSTGRES_ADMIN_PASSWORD"
      ssl_mode     = "Require"
    })
  }

  custom_access_details = "Log in as apono_<your e-mail's local part>_<8 hex> with the password Apono shows you."
}
