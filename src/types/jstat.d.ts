declare module 'jstat' {
  /** Minimal typing of the parts of jStat faultline uses (module.exports is the jStat object). */
  const jStat: {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
      pdf(x: number, mean: number, sd: number): number;
    };
    chisquare: { inv(p: number, dof: number): number };
    beta: { inv(p: number, a: number, b: number): number };
  };
  export default jStat;
}
