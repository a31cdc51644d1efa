#!/usr/bin/env bash
#
# Puts QuoteFunction on Cloud Functions (2nd gen) as a private HTTP function that reads its
# Alpha Vantage key from Secret Manager, and, when SCHEDULE is set, has Cloud Scheduler call it.
# Each step looks before it creates, so a second run changes nothing that exists: it deploys
# the code again and updates the scheduler job in place.
#
# Usage: ./deploy-function.sh [--dry-run] [--help]
#
#   --dry-run  print the gcloud commands of a first run (nothing exists yet) and run none;
#              FUNCTION_URL stands for the URL the deploy would report. Needs PROJECT_ID.
#   --help     print this help and exit.
#
# Environment (default in brackets):
#   PROJECT_ID              project to deploy to [gcloud's configured project]
#   REGION                  region of the function and of the scheduler job [us-central1]
#   FUNCTION_NAME           name of the function [quote-function]
#   SECRET_ID               secret that holds the Alpha Vantage key [alpha-vantage-key]
#   RUNTIME_SA              id of the service account the function runs as [quote-function]
#   ALPHA_VANTAGE_KEY_FILE  file holding the key; its content, trailing CR/LF removed, becomes
#                           a new version of the secret unless the latest version holds it
#                           already. Unset: versions are left alone. [unset]
#   SCHEDULE                cron expression; when set, Cloud Scheduler job FUNCTION_NAME-schedule
#                           POSTs to the function on it, e.g. '*/15 * * * *' [unset]
#   SCHEDULE_SYMBOL         symbol the scheduler job asks for [GOOG]
#   SCHEDULER_SA            id of the service account the job calls the function as
#                           [quote-scheduler]
#   TIME_ZONE               time zone of SCHEDULE [America/New_York]
#
# The key reaches gcloud on standard input only: it is never on a command line or in output.
# The script uploads the folder it lives in (see .gcloudignore), wherever it is started from.
# Needs bash 4 or later and the Google Cloud CLI, logged in with rights to do all of the above.

set -o errexit -o nounset -o pipefail

readonly SCRIPT_NAME="deploy-function.sh"
readonly ENTRY_POINT="QuoteFunction.Function"
readonly BUILDABLE="QuoteFunction"
readonly ACCESSOR_ROLE="roles/secretmanager.secretAccessor"
readonly RETRY_ATTEMPTS=4
readonly RETRY_DELAY_SECONDS=10

DRY_RUN=false
CURRENT_STEP=""
FUNCTION_URL=""

# Prints the header above without its comment marks.
usage() {
  local line
  local started=false

  while IFS= read -r line; do
    if [[ "${line}" != "#"* ]]; then
      return 0
    fi
    line="${line#"#"}"
    line="${line#" "}"
    if [[ "${started}" == true || -n "${line}" && "${line}" != "!"* ]]; then
      started=true
      printf '%s\n' "${line}"
    fi
  done <"${BASH_SOURCE[0]}"
}

die() {
  printf '%s: %s\n' "${SCRIPT_NAME}" "$*" >&2
  exit 1
}

# Starts a phase: its one progress line, and the name a failure message will give.
step() {
  CURRENT_STEP="$1"
  printf '%s: %s\n' "${SCRIPT_NAME}" "$1" >&2
}

report_failure() {
  local status="$1"

  if [[ "${status}" -ne 0 && -n "${CURRENT_STEP}" ]]; then
    printf '%s: failed while %s (exit status %s)\n' "${SCRIPT_NAME}" "${CURRENT_STEP}" \
      "${status}" >&2
  fi
}

# Prints a command the way a shell reads it back, quoting only what needs it.
print_command() {
  local arg
  local line=""
  local escaped_quote="'\\''"

  for arg in "$@"; do
    if [[ "${arg}" =~ ^[A-Za-z0-9_./:=@,+-]+$ ]]; then
      line+=" ${arg}"
    else
      line+=" '${arg//\'/${escaped_quote}}'"
    fi
  done
  printf '%s\n' "${line# }"
}

# Runs a command, or under --dry-run prints it instead.
run() {
  if [[ "${DRY_RUN}" == true ]]; then
    print_command "$@"
    return 0
  fi
  "$@"
}

# Succeeds when the given describe command finds its resource. Under --dry-run it prints the
# command and answers "missing", so that the printed plan is the one of a first run.
exists() {
  if [[ "${DRY_RUN}" == true ]]; then
    print_command "$@"
    return 1
  fi
  "$@" >/dev/null 2>&1
}

# IAM takes a few seconds to know a service account that was just created; a binding to it
# fails until then, so bindings are tried a few times before the script gives up.
run_with_retries() {
  local attempt

  for ((attempt = 1; attempt < RETRY_ATTEMPTS; attempt++)); do
    if run "$@"; then
      return 0
    fi
    printf '%s: retrying in %ss\n' "${SCRIPT_NAME}" "${RETRY_DELAY_SECONDS}" >&2
    sleep "${RETRY_DELAY_SECONDS}"
  done
  run "$@"
}

parse_arguments() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --dry-run)
        DRY_RUN=true
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        printf '%s: unknown argument: %s\n\n' "${SCRIPT_NAME}" "$1" >&2
        usage >&2
        exit 2
        ;;
    esac
    shift
  done
  readonly DRY_RUN
}

configure() {
  if [[ "${DRY_RUN}" == false ]]; then
    command -v gcloud >/dev/null || die "gcloud not found on PATH: install the Google Cloud CLI"
    if [[ -z "${PROJECT_ID:-}" ]]; then
      PROJECT_ID="$(gcloud config get-value project 2>/dev/null)" ||
        die "could not read gcloud's configured project: set PROJECT_ID"
    fi
  fi
  [[ -n "${PROJECT_ID:-}" ]] || die "set PROJECT_ID, or run: gcloud config set project PROJECT_ID"
  # Service-account emails are built from the id, so a project number will not do.
  if [[ ! "${PROJECT_ID}" =~ ^([a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]]; then
    die "PROJECT_ID must be a project id such as my-project or example.com:my-project," \
      "not '${PROJECT_ID}'"
  fi
  readonly PROJECT_ID

  REGION="${REGION:-us-central1}"
  readonly REGION
  FUNCTION_NAME="${FUNCTION_NAME:-quote-function}"
  readonly FUNCTION_NAME
  SECRET_ID="${SECRET_ID:-alpha-vantage-key}"
  readonly SECRET_ID
  RUNTIME_SA="${RUNTIME_SA:-quote-function}"
  readonly RUNTIME_SA
  SCHEDULE="${SCHEDULE:-}"
  readonly SCHEDULE
  SCHEDULE_SYMBOL="${SCHEDULE_SYMBOL:-GOOG}"
  readonly SCHEDULE_SYMBOL
  SCHEDULER_SA="${SCHEDULER_SA:-quote-scheduler}"
  readonly SCHEDULER_SA
  TIME_ZONE="${TIME_ZONE:-America/New_York}"
  readonly TIME_ZONE

  # A domain-scoped project (example.com:quotes) keeps its service accounts under
  # quotes.example.com.
  local account_domain="${PROJECT_ID}"
  if [[ "${PROJECT_ID}" == *:* ]]; then
    account_domain="${PROJECT_ID#*:}.${PROJECT_ID%%:*}"
  fi
  RUNTIME_SA_EMAIL="${RUNTIME_SA}@${account_domain}.iam.gserviceaccount.com"
  readonly RUNTIME_SA_EMAIL
  SCHEDULER_SA_EMAIL="${SCHEDULER_SA}@${account_domain}.iam.gserviceaccount.com"
  readonly SCHEDULER_SA_EMAIL
  JOB_NAME="${FUNCTION_NAME}-schedule"
  readonly JOB_NAME

  if [[ ! "${SCHEDULE_SYMBOL}" =~ ^[A-Za-z0-9.:_-]+$ ]]; then
    die "SCHEDULE_SYMBOL must be a ticker symbol such as GOOG, not '${SCHEDULE_SYMBOL}'"
  fi

  # Made absolute now: main changes to the script's folder before it uploads.
  KEY_FILE="${ALPHA_VANTAGE_KEY_FILE:-}"
  if [[ -n "${KEY_FILE}" ]]; then
    [[ -f "${KEY_FILE}" && -r "${KEY_FILE}" ]] ||
      die "ALPHA_VANTAGE_KEY_FILE is not a readable file: ${KEY_FILE}"
    [[ -n "$(read_key)" ]] || die "ALPHA_VANTAGE_KEY_FILE holds no key: ${KEY_FILE}"
    [[ "${KEY_FILE}" == /* ]] || KEY_FILE="${PWD}/${KEY_FILE}"
  fi
  readonly KEY_FILE
}

enable_apis() {
  local apis=(
    cloudfunctions.googleapis.com
    run.googleapis.com
    cloudbuild.googleapis.com
    artifactregistry.googleapis.com
    secretmanager.googleapis.com
    iam.googleapis.com
  )

  if [[ -n "${SCHEDULE}" ]]; then
    apis+=(cloudscheduler.googleapis.com)
  fi
  step "enabling APIs: ${apis[*]}"
  run gcloud services enable "${apis[@]}" --project="${PROJECT_ID}"
}

# Creates service account $1 (its id) unless $2 (its email) exists.
ensure_service_account() {
  local account_id="$1"
  local email="$2"
  local display_name="$3"

  if ! exists gcloud iam service-accounts describe "${email}" --project="${PROJECT_ID}"; then
    run gcloud iam service-accounts create "${account_id}" \
      --display-name="${display_name}" \
      --project="${PROJECT_ID}"
  fi
}

# Prints the key file's content without the line ending an editor leaves at its end.
read_key() {
  local key

  key="$(<"${KEY_FILE}")"
  while [[ "${key}" == *$'\r' || "${key}" == *$'\n' ]]; do
    key="${key%?}"
  done
  printf '%s' "${key}"
}

add_secret_version() {
  local key
  local access=(gcloud secrets versions access latest --secret="${SECRET_ID}"
    --project="${PROJECT_ID}")
  local add=(gcloud secrets versions add "${SECRET_ID}" --data-file=- --project="${PROJECT_ID}")

  if [[ "${DRY_RUN}" == true ]]; then
    print_command "${access[@]}"
    printf '#   when it prints the key of %s, no version is added\n' "${KEY_FILE}"
    print_command "${add[@]}"
    printf '#   standard input: the content of %s, trailing CR/LF removed\n' "${KEY_FILE}"
    return 0
  fi

  key="$(read_key)"
  # Every enabled version is billed, so a re-run with the same key adds none. A latest version
  # that cannot be read (there is none, or no permission to read it) counts as a different key.
  if [[ "$("${access[@]}" 2>/dev/null)" == "${key}" ]]; then
    printf '%s: the latest version of %s already holds this key; adding none\n' \
      "${SCRIPT_NAME}" "${SECRET_ID}" >&2
    return 0
  fi

  # printf is a shell builtin: the key goes down the pipe, never into a process's arguments.
  printf '%s' "${key}" | "${add[@]}"
}

ensure_secret() {
  local with_version=""

  if [[ -n "${KEY_FILE}" ]]; then
    with_version=", with the key in ${KEY_FILE}"
  fi
  step "checking secret ${SECRET_ID}${with_version}"

  if ! exists gcloud secrets describe "${SECRET_ID}" --project="${PROJECT_ID}"; then
    run gcloud secrets create "${SECRET_ID}" \
      --replication-policy=automatic \
      --project="${PROJECT_ID}"
  fi

  if [[ -n "${KEY_FILE}" ]]; then
    add_secret_version
  fi
}

# The accessor role on this one secret: the function can read the key and nothing else.
grant_secret_access() {
  step "granting ${ACCESSOR_ROLE} on secret ${SECRET_ID} to ${RUNTIME_SA_EMAIL}"
  run_with_retries gcloud secrets add-iam-policy-binding "${SECRET_ID}" \
    --member="serviceAccount:${RUNTIME_SA_EMAIL}" \
    --role="${ACCESSOR_ROLE}" \
    --condition=None \
    --quiet \
    --project="${PROJECT_ID}"
}

# GOOGLE_BUILDABLE names the project to publish: the .NET buildpack refuses an upload that
# holds more than one project file. Runtime settings go in --set-env-vars, which the running
# function sees; build variables are visible to the build only.
deploy_function() {
  step "deploying function ${FUNCTION_NAME} to ${REGION}"
  run gcloud functions deploy "${FUNCTION_NAME}" \
    --gen2 \
    --region="${REGION}" \
    --runtime=dotnet10 \
    --trigger-http \
    --no-allow-unauthenticated \
    --entry-point="${ENTRY_POINT}" \
    --service-account="${RUNTIME_SA_EMAIL}" \
    --source=. \
    --set-build-env-vars="GOOGLE_BUILDABLE=${BUILDABLE}" \
    --set-env-vars="SecretManager__ProjectId=${PROJECT_ID},SecretManager__SecretId=${SECRET_ID}" \
    --quiet \
    --project="${PROJECT_ID}"
}

# Sets FUNCTION_URL to the deployed function's URL; under --dry-run, to the placeholder.
read_function_url() {
  local describe=(gcloud functions describe "${FUNCTION_NAME}" --gen2 --region="${REGION}"
    --format='value(serviceConfig.uri)' --project="${PROJECT_ID}")

  step "reading the URL of function ${FUNCTION_NAME}"
  if [[ "${DRY_RUN}" == true ]]; then
    print_command "${describe[@]}"
    FUNCTION_URL="FUNCTION_URL"
    return 0
  fi

  FUNCTION_URL="$("${describe[@]}")"
  [[ -n "${FUNCTION_URL}" ]] || die "gcloud reported no URL for function ${FUNCTION_NAME}"
}

# On gen2 the invoker binding is run.invoker on the function's Cloud Run service.
grant_scheduler_invoker() {
  step "letting ${SCHEDULER_SA_EMAIL} invoke function ${FUNCTION_NAME}"
  run_with_retries gcloud functions add-invoker-policy-binding "${FUNCTION_NAME}" \
    --region="${REGION}" \
    --member="serviceAccount:${SCHEDULER_SA_EMAIL}" \
    --quiet \
    --project="${PROJECT_ID}"
}

# The job's OIDC token is minted for the function's URL, the audience Cloud Run checks.
# Scheduler retries a failed call zero times unless told otherwise.
schedule_job() {
  local url="${FUNCTION_URL}"
  local verb="create"
  local headers_flag="--headers"

  step "scheduling job ${JOB_NAME}: POST ?symbol=${SCHEDULE_SYMBOL} at '${SCHEDULE}' ${TIME_ZONE}"
  if exists gcloud scheduler jobs describe "${JOB_NAME}" \
    --location="${REGION}" \
    --project="${PROJECT_ID}"; then
    verb="update"
    headers_flag="--update-headers"
  fi

  run gcloud scheduler jobs "${verb}" http "${JOB_NAME}" \
    --location="${REGION}" \
    --schedule="${SCHEDULE}" \
    --time-zone="${TIME_ZONE}" \
    --uri="${url}?symbol=${SCHEDULE_SYMBOL}" \
    --http-method=POST \
    "${headers_flag}=Content-Type=application/json" \
    --oidc-service-account-email="${SCHEDULER_SA_EMAIL}" \
    --oidc-token-audience="${url}" \
    --max-retry-attempts=3 \
    --quiet \
    --project="${PROJECT_ID}"
}

print_summary() {
  local url="${FUNCTION_URL}"

  cat <<EOF

Function URL: ${url}
Call it (the function is private; your account needs run.invoker, as owners have):
  curl -X POST -H "Authorization: Bearer \$(gcloud auth print-identity-token)" \\
    '${url}?symbol=${SCHEDULE_SYMBOL}'
EOF
}

main() {
  trap 'report_failure "$?"' EXIT
  parse_arguments "$@"
  configure
  cd "$(dirname "${BASH_SOURCE[0]}")"

  enable_apis

  step "checking runtime service account ${RUNTIME_SA_EMAIL}"
  ensure_service_account "${RUNTIME_SA}" "${RUNTIME_SA_EMAIL}" \
    "Runtime identity of ${FUNCTION_NAME}"

  ensure_secret
  grant_secret_access
  deploy_function

  read_function_url

  if [[ -n "${SCHEDULE}" ]]; then
    step "checking scheduler service account ${SCHEDULER_SA_EMAIL}"
    ensure_service_account "${SCHEDULER_SA}" "${SCHEDULER_SA_EMAIL}" \
      "Cloud Scheduler caller of ${FUNCTION_NAME}"
    grant_scheduler_invoker
    schedule_job
  fi

  CURRENT_STEP=""
  print_summary
}

main "$@"
