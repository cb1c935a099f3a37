// node-postgres's own value quoting (pg/lib/utils.js ships no types of its own).
declare module 'pg/lib/utils.js' {
  const utils: {
    prepareValue(value: unknown): string | Buffer | null;
    escapeLiteral(text: string): string;
  };
  export default utils;
}
