#!/usr/bin/env bash
# A/B under one lock: ab.sh TAG JAR_A LABEL_A JAR_B LABEL_B  (env passed to mini.sh)
cd "$(dirname "$0")"
echo "start $(date -u +%T)"
./mini.sh "$3" "$2" ${ROUNDS:-2}
./mini.sh "$5" "$4" ${ROUNDS:-2}
./mini.sh "$3-2" "$2" 1
./mini.sh "$5-2" "$4" 1
echo "end $(date -u +%T)"
