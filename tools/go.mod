module github.com/aigw-dev/aigw-backend/tools

go 1.26.8
