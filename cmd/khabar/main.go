// Command khabar runs a Persian news agency's publishing system.
package main

import (
	"os"

	"khabar/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args)) }
