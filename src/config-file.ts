/** The config file's name: its own module, so that the ESLint side can find it without loading the rules. */
export const CONFIG_FILE_NAME = 'lambda-lint.config.json';
