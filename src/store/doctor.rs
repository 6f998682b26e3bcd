//! doctor
pub struct DoctorReport;
pub struct RowProblem;
