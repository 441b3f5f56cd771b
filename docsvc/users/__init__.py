"""User accounts and web sessions: people sign in to the workbench; API keys stay for systems."""
