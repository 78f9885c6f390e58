import fc from 'fast-check';

const MARKDOWN_CHARS = ['*', '_', '~', '|', '`', '>', '#', '-', '[', ']', '(', ')', '<', '@', '\\', '.', ':'];
/** Text rich in markdown-significant characters, words, spaces and newlines. */
export const markdownishText = (maxLength = 300) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...MARKDOWN_CHARS),
        fc.constantFrom(' ', ' ', '\n', '\n\n', '1. ', '- ', '> ', '# '),
        fc.stringMatching(/^[A-Za-z0-9é’“”]{1,8}$/),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));
