#!/usr/bin/env bash
# Times the SDK's HTTP clients at cold start (benchmark, not a test): the same artifact with
# url-connection (the default), Apache HttpClient 4 or the AWS CRT client chosen by the SDK
# from the classpath (SDK_HTTP_CLIENT=auto). Usage: bash bench/http-clients.sh [runs] [memoryMb]
set -euo pipefail
cd "$(dirname "$0")/.."
. ./jdk.sh
mvn -q -B -ntp -P http-clients package -DskipTests "${@:3}"
runs=${1:-5}
memory=${2:+--memory $2}
c1='-XX:+TieredCompilation -XX:TieredStopAtLevel=1'
node bench/cold-start.mjs --runs "$runs" $memory \
  "url-connection=$c1" \
  "apache=$c1 @cp=target/http-clients/apache -Dsoftware.amazon.awssdk.http.service.impl=software.amazon.awssdk.http.apache.ApacheSdkHttpService" \
  "crt=$c1 @cp=target/http-clients/crt -Dsoftware.amazon.awssdk.http.service.impl=software.amazon.awssdk.http.crt.AwsCrtSdkHttpService"
