# Shared by the bench/ scripts (sourced): GW must be set.

# One string field of a JSON answer, without jq.
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

# Registers a new organization and its owner through the gateway; prints the access token.
register_owner() { # label
	local suffix="$RANDOM$RANDOM"
	curl -fsS -X POST "$GW/api/v1/auth/register" -H 'Content-Type: application/json' \
		-d "{\"tenant_name\":\"$1 $suffix\",\"email\":\"bench-$suffix@example.com\",\"password\":\"bench-password-$suffix\",\"full_name\":\"Bench\"}" |
		field access_token
}
