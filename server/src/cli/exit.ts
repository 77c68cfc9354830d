// The command line's exit statuses, shared by every subcommand.
export const EXIT_OK = 0;
/** lint: error findings; parse: syntax errors (the output is printed all the same). */
export const EXIT_FINDINGS = 1;
/** The command, or a file it names, could not be used. */
export const EXIT_TROUBLE = 2;
