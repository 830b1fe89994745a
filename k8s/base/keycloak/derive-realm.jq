# Derives the realm that k8s/ imports into Keycloak from the local one (infra/keycloak/customer360-realm.json):
#   jq -f k8s/base/keycloak/derive-realm.jq infra/keycloak/customer360-realm.json > k8s/base/keycloak/customer360-realm.json
# k8s/validate.sh fails when the committed copy differs from this output.
# - no demo users (people come from the platform's identity provider or are created by an administrator);
# - no password grant (directAccessGrantsEnabled false everywhere): the CLI client uses the device authorization
#   grant instead, the console the authorization code flow;
# - no client secret and no local URLs: ${...} placeholders that Keycloak fills from its environment at import; the
#   console's redirect URIs stay exact (its callback and its root, no wildcard), as in the local realm;
# - the service accounts (client-credentials clients, issue 18) stay, their secrets ${C360_<CLIENT>_CLIENT_SECRET}
#   placeholders (keycloak-clients Secret, k8s/README.md), their roles on their service-account users;
# - brute-force detection on; the org_id user-profile attribute and the org_id / audience mappers stay as they are.
.users |= map(select(.serviceAccountClientId != null))
| .displayName = "Customer 360"
| .bruteForceProtected = true
| .clients |= map(
    .directAccessGrantsEnabled = false
    | if .clientId == "c360-cli" then
        .name = "Customer 360 CLI (device authorization grant)"
        | .attributes = ((.attributes // {}) + {"oauth2.device.authorization.grant.enabled": "true"})
      else . end
    | if .serviceAccountsEnabled then
        .secret = "${C360_" + (.clientId | sub("^c360-"; "") | ascii_upcase | gsub("-"; "_")) + "_CLIENT_SECRET}"
      else . end
    | if .clientId == "c360-console" then
        .secret = "${C360_CONSOLE_CLIENT_SECRET}"
        | .redirectUris = ["${C360_PUBLIC_URL}/console/callback"]
        | .webOrigins = ["${C360_PUBLIC_URL}"]
        | .attributes = ((.attributes // {}) + {"post.logout.redirect.uris": "${C360_PUBLIC_URL}/"})
      else . end
  )
