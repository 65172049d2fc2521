// Package docs holds the project's documentation (architecture.md, newcomer.md). Its test
// keeps architecture.md true to the code: every package and file it names exists where it
// says, and every block and data file is owned by the package it names.
package docs
