"""The Slack adapter: Bolt for Python (AsyncApp) inside the one ASGI app.

Slack events, commands and interactivity come in over HTTP at /slack/events (or over
Socket Mode when SLACK_APP_TOKEN is set), become neutral Messages for the conversation
core, and its Replies go back out as Block Kit.
"""
