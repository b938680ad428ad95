// What an activity may be a 養成講座 of (the activity form's choice; the database's CHECK list).
export { trainingCourses, type TrainingCourse } from "#db/indicator-codes";
