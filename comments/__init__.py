"""Reader comments: the model, the public form, screening policy and moderation."""
