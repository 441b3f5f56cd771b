"""Webhooks: subscriptions, signed deliveries (Standard Webhooks) through the job queue, SSRF-safe sending."""
