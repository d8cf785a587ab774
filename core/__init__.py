"""Shared foundation of hippograph: settings, the stage contracts (pydantic models), ids and errors."""
