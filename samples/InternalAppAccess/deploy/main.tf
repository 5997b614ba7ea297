# Terraform for the InternalAppAccess sample: the Lambda function (Native AOT on provided.al2023), its IAM role,
# and the Apono integration that points at it.
# Package first:
#   dotnet publish samples/InternalAppAccess -c Release -r linux-x64 -p:PublishAot=true -o samples/InternalAppAccess/publish
#   (cd samples/InternalAppAccess/publish && zip ../deploy/function.zip bootstrap)
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

variable "app_base_url" {
  type        = string
  description = "Base URL of the internal app's REST API, e.g. https://projects.internal.example.com/"
}

variable "app_token_secret_arn" {
  type        = string
  description = "Secrets Manager secret whose JSON has a \"token\" key, the app's bearer token."
}

variable "apono_connector_id" {
  type = string
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

locals {
  function_name = "apono-internal-app-access"
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

data "aws_secretsmanager_secret_version" "app_token" {
  secret_id = var.app_token_secret_arn
}

resource "aws_lambda_function" "internal_app_access" {
  function_name    = local.function_name
  description      = "Apono internal app access (Apono.Integration.Sdk InternalAppAccess sample)"
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
      INTERNAL_APP_TOKEN             = jsondecode(data.aws_secretsmanager_secret_version.app_token.secret_string)["token"]
      InternalApp__AttemptTimeout    = "00:00:05"
      InternalApp__TotalTimeout      = "00:00:20"
      InternalApp__MaxRetryAttempts  = "3"
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

resource "apono_resource_integration" "internal_app_access" {
  name         = "Internal app access"
  type         = "aws-lambda-custom-integration"
  connector_id = var.apono_connector_id

  integration_config = {
    region        = var.region
    function_name = aws_lambda_function.internal_app_access.function_name
    custom_parameters = jsonencode({
      base_url  = var.app_base_url
      token_env = "INTERNAL_APP_TOKEN"
    })
  }

  custom_access_details = "Your role appears in the app's project settings within a minute of approval."
}
